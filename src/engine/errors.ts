/** Raised when a model asks the engine for something impossible (an event in the past, at NaN...). */
export class SimulationError extends Error {
  override readonly name = "SimulationError";
}

/** Raised when a replication processes more events than its configured cap: a runaway scenario. */
export class EventLimitError extends Error {
  override readonly name = "EventLimitError";
  constructor(
    /** The cap that was hit, in events. */
    readonly maxEvents: number,
    /** Simulated time (s) at which the cap was hit. */
    readonly atTime: number,
  ) {
    super(
      `event limit reached: more than ${maxEvents} events by t=${atTime}s ` +
        `(raise limits.max_events in the scenario, or --max-events on run, sweep, compare or trace, if it really needs more)`,
    );
  }
}
