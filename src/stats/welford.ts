/**
 * Streaming mean and variance in one pass and O(1) memory (Welford, 1962),
 * with exact-in-arithmetic merging of two partial accumulators (Chan, Golub &
 * LeVeque, 1979). Use it where values cannot be kept (per-event figures
 * inside a replication); across replications, where determinism under any
 * sharding matters, keep the values and use `summarize` instead: merging
 * floating-point accumulators in a different order rounds differently.
 */

/** The JSON form of a {@link Welford} accumulator; `min`/`max` are null when it is empty. */
export interface WelfordJSON {
  /** Number of values added. */
  count: number;
  /** Running mean, in the values' unit (0 when empty). */
  mean: number;
  /** Sum of squared deviations from the mean, in the values' unit squared. */
  m2: number;
  /** Smallest value, or null when empty. */
  min: number | null;
  /** Largest value, or null when empty. */
  max: number | null;
}

/**
 * One-pass accumulator of count, mean, sample variance, min and max.
 * Conventions match `summarize`: with no values, mean, variance, min and max
 * are NaN; with one value the variance is 0.
 */
export class Welford {
  #count = 0;
  #mean = 0;
  #m2 = 0;
  #min = Infinity;
  #max = -Infinity;

  /** Adds one value; throws on NaN or ±Infinity, which would poison every later figure. */
  add(x: number): this {
    if (!Number.isFinite(x)) throw new RangeError(`Welford.add: value must be finite, got ${x}`);
    this.#count += 1;
    const delta = x - this.#mean;
    this.#mean += delta / this.#count;
    this.#m2 += delta * (x - this.#mean);
    if (x < this.#min) this.#min = x;
    if (x > this.#max) this.#max = x;
    return this;
  }

  /**
   * Folds `other` into this accumulator, as if its values had been added
   * here (Chan et al. 1979: δ = mean_b − mean_a, M2 = M2_a + M2_b + δ²·n_a·n_b/n).
   * `other` is left unchanged.
   */
  merge(other: Welford): this {
    const nb = other.#count;
    if (nb === 0) return this;
    const na = this.#count;
    const n = na + nb;
    const delta = other.#mean - this.#mean;
    this.#mean = na === 0 ? other.#mean : this.#mean + (delta * nb) / n;
    this.#m2 = this.#m2 + other.#m2 + (delta * delta * na * nb) / n;
    this.#count = n;
    if (other.#min < this.#min) this.#min = other.#min;
    if (other.#max > this.#max) this.#max = other.#max;
    return this;
  }

  /** Number of values added. */
  get count(): number {
    return this.#count;
  }

  /** Arithmetic mean, in the values' unit; NaN when empty. */
  get mean(): number {
    return this.#count === 0 ? NaN : this.#mean;
  }

  /** Sample variance (divisor n − 1), in the values' unit squared; 0 for one value, NaN when empty. */
  get variance(): number {
    if (this.#count === 0) return NaN;
    if (this.#count === 1) return 0;
    return this.#m2 / (this.#count - 1);
  }

  /** Sample standard deviation, √variance, in the values' unit. */
  get stddev(): number {
    return Math.sqrt(this.variance);
  }

  /** Smallest value added; NaN when empty. */
  get min(): number {
    return this.#count === 0 ? NaN : this.#min;
  }

  /** Largest value added; NaN when empty. */
  get max(): number {
    return this.#count === 0 ? NaN : this.#max;
  }

  /** A JSON-safe snapshot from which {@link Welford.fromJSON} rebuilds an identical accumulator. */
  toJSON(): WelfordJSON {
    const empty = this.#count === 0;
    return {
      count: this.#count,
      mean: this.#mean,
      m2: this.#m2,
      min: empty ? null : this.#min,
      max: empty ? null : this.#max,
    };
  }

  /** Rebuilds an accumulator from {@link Welford.toJSON} output; throws on malformed input. */
  static fromJSON(json: unknown): Welford {
    const j = json as Partial<Record<keyof WelfordJSON, unknown>> | null;
    const count = j?.count;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 0) {
      throw new TypeError(`Welford.fromJSON: count must be a non-negative integer, got ${String(count)}`);
    }
    const finite = (key: keyof WelfordJSON): number => {
      const v = j?.[key];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new TypeError(`Welford.fromJSON: ${key} must be a finite number, got ${String(v)}`);
      }
      return v;
    };
    const w = new Welford();
    w.#count = count;
    w.#mean = finite("mean");
    w.#m2 = finite("m2");
    if (w.#m2 < 0) throw new TypeError(`Welford.fromJSON: m2 must be ≥ 0, got ${w.#m2}`);
    if (count > 0) {
      w.#min = finite("min");
      w.#max = finite("max");
    }
    return w;
  }
}
