/** Raised when a model asks the engine for something impossible (an event in the past, at NaN...). */
export class SimulationError extends Error {
    name = "SimulationError";
}
/** Raised when a replication processes more events than its configured cap: a runaway scenario. */
export class EventLimitError extends Error {
    maxEvents;
    atTime;
    name = "EventLimitError";
    constructor(
    /** The cap that was hit, in events. */
    maxEvents, 
    /** Simulated time (s) at which the cap was hit. */
    atTime) {
        super(`event limit reached: more than ${maxEvents} events by t=${atTime}s ` +
            `(raise it with --max-events or limits.max_events if the scenario really needs more)`);
        this.maxEvents = maxEvents;
        this.atTime = atTime;
    }
}
