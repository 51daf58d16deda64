/**
 * One line of a trace: what happened to which component, when, and why.
 * `ftsim trace` writes these as JSON Lines, in event order.
 */
export interface TraceRecord {
  /** Simulated time (s). */
  t: number;
  /** Component or entity id, e.g. `disk[3]`, `net`, or a mechanism's name. */
  component: string;
  /** What happened, e.g. `down`, `up`, `hang`, `slow`, `ue`, `message-dropped`. */
  event: string;
  /** Why, e.g. `failure`, `repaired`, `rack[0] down`, `scripted`. */
  cause: string;
  /** Event-specific details (page, owner, bytes...), all JSON-serialisable. */
  detail?: Record<string, string | number | boolean | null>;
}

/**
 * Where the model reports its state changes. Recording is off by default
 * (`enabled` false), and callers test `enabled` before building a record,
 * so an untraced run allocates nothing for tracing.
 */
export class Trace {
  private readonly sink: ((record: TraceRecord) => void) | undefined;


  constructor(sink?: (record: TraceRecord) => void) {
    this.sink = sink;
  }

  get enabled(): boolean {
    return this.sink !== undefined;
  }

  record(t: number, component: string, event: string, cause: string, detail?: TraceRecord["detail"]): void {
    if (this.sink === undefined) return;
    this.sink(detail === undefined ? { t, component, event, cause } : { t, component, event, cause, detail });
  }
}

/** The trace of an untraced run: records nothing. */
export const NO_TRACE = new Trace();
