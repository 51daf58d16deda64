/** Receives every change of a status signal: the new value and the simulated time (s). */
export type StatusListener = (up: boolean, now: number) => void;

/**
 * A boolean that changes over simulated time and tells its listeners when it
 * does: a component's up/down state, or a service a mechanism provides.
 * The service structure and the accounting in `metrics/` consume these.
 */
export class StatusSignal {
  private value: boolean;
  private readonly listeners: StatusListener[] = [];

  constructor(
    /** Name used in traces, errors and the service structure. */
    readonly id: string,
    initiallyUp = true,
  ) {
    this.value = initiallyUp;
  }

  get up(): boolean {
    return this.value;
  }

  onChange(listener: StatusListener): void {
    this.listeners.push(listener);
  }

  /** Sets the value; listeners run only on an actual change. */
  set(up: boolean, now: number): void {
    if (up === this.value) return;
    this.value = up;
    for (const listener of this.listeners) listener(up, now);
  }
}
