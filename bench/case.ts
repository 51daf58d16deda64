/** What one timed run of a benchmark variant did. */
export interface BenchOutcome {
  /** Events processed inside the timed region. */
  events: number;
  /**
   * Simulated time (s) of the last event processed. The engine and baseline
   * variants of a case draw the same numbers in the same order, so they must
   * agree on it exactly: the runner checks this to be sure both did the same work.
   */
  finalTimeS: number;
}

/**
 * Builds a model of the given size outside the timed region and returns the
 * timed body, which processes `steps` events and reports what it did.
 */
export type PrepareVariant = (size: number, steps: number, seed: number) => () => BenchOutcome;

/** One benchmark model, run on the ftsim engine and on a hand-written baseline. */
export interface BenchCase {
  /** Short name shown in the table, e.g. `hold`. */
  readonly name: string;
  /** One-line description of the model and of what `size` means. */
  readonly description: string;
  /** Model sizes to measure (e.g. pending events), one table row each. */
  readonly sizes: readonly number[];
  /** Events to time per run, for a given size. */
  steps(size: number): number;
  /** The model written against ftsim's `Simulator`. */
  readonly engine: PrepareVariant;
  /** The same model as a plain loop over a heap-js `Heap`. */
  readonly baseline: PrepareVariant;
  /** The same model as a loop over a typed-array heap (typed-heap.ts), the fastest plain loop: optional. */
  readonly typed?: PrepareVariant;
  /** Optional correctness check of the model at this size, printed under the table (e.g. availability vs theory). */
  readonly check?: (size: number) => string;
}
