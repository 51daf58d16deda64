import { EventQueue, type EventHandle } from "./event-queue.js";
import { EventLimitError, SimulationError } from "./errors.js";

/** Why `run` returned. */
export type RunStopReason = "until" | "empty" | "stopped";

export interface RunOptions {
  /** Stop before the first event later than this simulated time (s); the clock is then set to it. */
  until?: number;
  /** Checked after every event; the run stops when it returns true. */
  stopWhen?: () => boolean;
}

export interface SimulatorOptions {
  /** Cap on events processed over the simulator's life; exceeding it throws EventLimitError. Default: unlimited. */
  maxEvents?: number;
}

/**
 * The simulated clock and its event loop. It knows nothing of randomness,
 * hardware or mechanisms: models schedule callbacks and read `now`.
 */
export class Simulator {
  private readonly queue = new EventQueue();
  private clock = 0;
  private processed = 0;
  private stopRequested = false;
  private readonly maxEvents: number;

  constructor(options: SimulatorOptions = {}) {
    this.maxEvents = options.maxEvents ?? Infinity;
    if (!(this.maxEvents > 0)) throw new SimulationError(`maxEvents must be > 0, got ${options.maxEvents}`);
  }

  /** Current simulated time, in seconds. */
  get now(): number {
    return this.clock;
  }

  /** Events executed so far (cancelled ones are not counted). */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Events still in the queue, including cancelled ones not yet discarded. */
  get pending(): number {
    return this.queue.size;
  }

  /** Runs `callback` after `delay` seconds of simulated time. */
  schedule(delay: number, callback: () => void, priority = 0): EventHandle {
    // Caught here rather than as "t < now" in scheduleAt, so the message names the delay.
    if (!(delay >= 0)) {
      throw new SimulationError(`cannot schedule an event after a delay of ${delay}s (now=${this.clock}s); delays must be >= 0`);
    }
    return this.scheduleAt(this.clock + delay, callback, priority);
  }

  /**
   * As `schedule`, for a delay drawn from a distribution that can overflow:
   * an infinite delay means the event never happens, so nothing is scheduled
   * and undefined is returned. NaN or negative delays are still errors.
   */
  scheduleUnlessNever(delay: number, callback: () => void, priority = 0): EventHandle | undefined {
    return delay === Infinity || this.clock + delay === Infinity ? undefined : this.schedule(delay, callback, priority);
  }

  /** Runs `callback` at absolute simulated time `time` (s). */
  scheduleAt(time: number, callback: () => void, priority = 0): EventHandle {
    // One comparison rejects NaN and the past; the second rejects +Infinity.
    if (!(time >= this.clock) || time === Infinity) {
      throw new SimulationError(
        Number.isNaN(time)
          ? `cannot schedule an event at NaN (now=${this.clock}s)`
          : time === Infinity
            ? `cannot schedule an event at infinity (now=${this.clock}s); do not schedule events that never happen`
            : `cannot schedule an event in the past: t=${time}s < now=${this.clock}s`,
      );
    }
    return this.queue.push(time, priority, callback);
  }

  /** Cancels a scheduled event; cancelling twice or after it ran is harmless. */
  cancel(handle: EventHandle | undefined): void {
    if (handle !== undefined) this.queue.cancel(handle);
  }

  /** When a scheduled event will run, or undefined once it has run or been cancelled. */
  timeOf(handle: EventHandle | undefined): number | undefined {
    return handle === undefined ? undefined : this.queue.timeOf(handle);
  }

  /** Asks the running loop to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Processes events in (time, priority, sequence) order until a stop condition. */
  run(options: RunOptions = {}): RunStopReason {
    const until = options.until ?? Infinity;
    if (Number.isNaN(until) || until < this.clock) {
      throw new SimulationError(`run until t=${until}s is before now=${this.clock}s`);
    }
    const stopWhen = options.stopWhen;
    const queue = this.queue;
    this.stopRequested = false;
    for (;;) {
      if (queue.size === 0) return this.finish("empty", until);
      const time = queue.peekTime();
      if (time > until) return this.finish("until", until);
      const callback = queue.pop();
      if (callback === undefined) continue; // cancelled
      this.clock = time;
      if (++this.processed > this.maxEvents) throw new EventLimitError(this.maxEvents, this.clock);
      callback();
      if (this.stopRequested || (stopWhen !== undefined && stopWhen())) return "stopped";
    }
  }

  private finish(reason: RunStopReason, until: number): RunStopReason {
    if (until !== Infinity) this.clock = until;
    return reason;
  }
}
