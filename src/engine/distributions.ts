import type { Distribution, DistributionSpec } from "./distribution.js";
import type { RandomStream } from "./random.js";
import { gammaFn, gammaP, normalCdf, normalPdf, normalQuantile } from "./special-functions.js";

/**
 * Builds the sampler for a spec, validating its parameters (RangeError naming
 * the parameter). Constants are precomputed here so that `sample`, on the
 * simulator's hot path, does arithmetic on a few uniform draws and allocates
 * nothing.
 */
export function makeDistribution(spec: DistributionSpec): Distribution {
  switch (spec.kind) {
    case "exponential":
      return new Exponential(spec);
    case "weibull":
      return new Weibull(spec);
    case "lognormal":
      return new Lognormal(spec);
    case "gamma":
      return new Gamma(spec);
    case "normal":
      return new TruncatedNormal(spec);
    case "uniform":
      return new Uniform(spec);
    case "deterministic":
      return new Deterministic(spec);
    case "empirical":
      return new Empirical(spec);
    case "mixture":
      return new Mixture(spec);
    default: {
      const unknown: never = spec;
      throw new RangeError(`unknown distribution kind ${JSON.stringify((unknown as { kind: unknown }).kind)}`);
    }
  }
}

function requirePositive(kind: string, name: string, value: number): void {
  if (!(value > 0 && value < Infinity)) {
    throw new RangeError(`${kind}: ${name} must be > 0 and finite, got ${value}`);
  }
}

function requireNonNegative(kind: string, name: string, value: number): void {
  if (!(value >= 0 && value < Infinity)) {
    throw new RangeError(`${kind}: ${name} must be >= 0 and finite, got ${value}`);
  }
}

function requireFinite(kind: string, name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${kind}: ${name} must be finite, got ${value}`);
}

/**
 * A draw of exactly 0 (probability 2^-53) would invert to the lower
 * end of the support: −∞ for a normal, so 0 for a lognormal or for
 * normal(1000 s, 1 s) truncated at 0. Normal-based inversions read it as
 * 2^-53, the smallest positive 53-bit uniform, i.e. about −8.2σ.
 */
const MIN_OPEN_UNIFORM = 2 ** -53;

type Spec<K extends DistributionSpec["kind"]> = Extract<DistributionSpec, { kind: K }>;

/** Exponential with the given mean: one draw, by inversion. */
class Exponential implements Distribution {
  readonly mean: number;
  readonly variance: number;
  constructor(readonly spec: Spec<"exponential">) {
    requirePositive("exponential", "mean", spec.mean);
    this.mean = spec.mean;
    this.variance = spec.mean * spec.mean;
  }
  sample(rng: RandomStream): number {
    // 0 − …, not −…: a draw of 0 then gives +0 rather than −0.
    return 0 - this.mean * Math.log(1 - rng.next());
  }
  cdf(x: number): number {
    return x <= 0 ? 0 : -Math.expm1(-x / this.mean);
  }
}

/** Weibull, F(x) = 1 − exp(−(x/scale)^shape): one draw, by inversion. */
class Weibull implements Distribution {
  readonly mean: number;
  readonly variance: number;
  private readonly invShape: number;
  constructor(readonly spec: Spec<"weibull">) {
    requirePositive("weibull", "shape", spec.shape);
    requirePositive("weibull", "scale", spec.scale);
    this.invShape = 1 / spec.shape;
    const g1 = gammaFn(1 + this.invShape);
    this.mean = spec.scale * g1;
    this.variance = spec.scale * spec.scale * (gammaFn(1 + 2 * this.invShape) - g1 * g1);
  }
  sample(rng: RandomStream): number {
    // exp(log(·)/k) rather than Math.pow: half the cost in V8, within a few ulps.
    return this.spec.scale * Math.exp(Math.log(-Math.log(1 - rng.next())) * this.invShape);
  }
  cdf(x: number): number {
    return x <= 0 ? 0 : -Math.expm1(-Math.pow(x / this.spec.scale, this.spec.shape));
  }
}

/** exp(N(mu, sigma²)): one draw, through the normal quantile. */
class Lognormal implements Distribution {
  readonly mean: number;
  readonly variance: number;
  constructor(readonly spec: Spec<"lognormal">) {
    requireFinite("lognormal", "mu", spec.mu);
    requirePositive("lognormal", "sigma", spec.sigma);
    const s2 = spec.sigma * spec.sigma;
    this.mean = Math.exp(spec.mu + s2 / 2);
    this.variance = Math.expm1(s2) * Math.exp(2 * spec.mu + s2);
  }
  sample(rng: RandomStream): number {
    const u = rng.next();
    return Math.exp(this.spec.mu + this.spec.sigma * normalQuantile(u > 0 ? u : MIN_OPEN_UNIFORM));
  }
  cdf(x: number): number {
    return x <= 0 ? 0 : normalCdf((Math.log(x) - this.spec.mu) / this.spec.sigma);
  }
}

/**
 * Gamma(shape, scale); integer shape is the Erlang. Marsaglia & Tsang, "A
 * simple method for generating gamma variables", ACM TOMS 26(3), 2000: two
 * draws per attempt (the normal by inversion), acceptance ≥ 95 % for shape ≥ 1.
 * Shape < 1 samples Gamma(shape + 1)·U^(1/shape) (their §6); shape 1 is
 * the exponential, one draw.
 */
class Gamma implements Distribution {
  readonly mean: number;
  readonly variance: number;
  private readonly d: number;
  private readonly c: number;
  private readonly invShape: number; // 0 unless shape < 1
  constructor(readonly spec: Spec<"gamma">) {
    requirePositive("gamma", "shape", spec.shape);
    requirePositive("gamma", "scale", spec.scale);
    this.mean = spec.shape * spec.scale;
    this.variance = spec.shape * spec.scale * spec.scale;
    const boosted = spec.shape < 1 ? spec.shape + 1 : spec.shape;
    this.d = boosted - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
    this.invShape = spec.shape < 1 ? 1 / spec.shape : 0;
  }
  sample(rng: RandomStream): number {
    if (this.spec.shape === 1) return 0 - this.spec.scale * Math.log(1 - rng.next());
    const { d, c } = this;
    let g: number;
    for (;;) {
      const x = normalQuantile(rng.next());
      let v = 1 + c * x;
      if (v <= 0) continue; // also rejects x = −Infinity, from a draw of exactly 0
      v = v * v * v;
      const u = rng.next();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
        g = d * v;
        break;
      }
    }
    if (this.invShape !== 0) g *= Math.pow(rng.next(), this.invShape);
    return g * this.spec.scale;
  }
  cdf(x: number): number {
    return x <= 0 ? 0 : gammaP(this.spec.shape, x / this.spec.scale);
  }
}

/**
 * Normal(mean, stddev) conditioned on being ≥ 0; `mean` and `stddev` are of
 * the untruncated normal. One draw, by inversion; when the cut point
 * α = −mean/stddev is above 0 the upper tail is inverted instead, so heavy
 * truncation keeps its precision. Moments: Johnson, Kotz & Balakrishnan,
 * Continuous Univariate Distributions vol. 1 (1994), §10.1, with λ = φ(α)/(1 − Φ(α)):
 * mean = μ + σλ, variance = σ²(1 + αλ − λ²).
 */
class TruncatedNormal implements Distribution {
  readonly mean: number;
  readonly variance: number;
  private readonly alpha: number;
  /** Φ(α): the probability mass cut away. */
  private readonly cut: number;
  /** 1 − Φ(α), computed as Φ(−α): the mass kept. */
  private readonly kept: number;
  constructor(readonly spec: Spec<"normal">) {
    requireFinite("normal", "mean", spec.mean);
    requirePositive("normal", "stddev", spec.stddev);
    this.alpha = -spec.mean / spec.stddev;
    // Beyond this the kept mass (< 1e-268) and its draws near the double underflow.
    if (!(this.alpha < 35)) {
      throw new RangeError(
        `normal: mean/stddev must be > -35 (truncation at 0 would keep no representable mass), got ${-this.alpha}`,
      );
    }
    this.cut = normalCdf(this.alpha);
    this.kept = normalCdf(-this.alpha);
    const lambda = normalPdf(this.alpha) / this.kept;
    this.mean = spec.mean + spec.stddev * lambda;
    this.variance = spec.stddev * spec.stddev * (1 + this.alpha * lambda - lambda * lambda);
  }
  sample(rng: RandomStream): number {
    let u = rng.next();
    if (u === 0) u = MIN_OPEN_UNIFORM;
    const z =
      this.alpha <= 0
        ? normalQuantile(this.cut + u * this.kept)
        : -normalQuantile(this.kept * (1 - u));
    const x = this.spec.mean + this.spec.stddev * z;
    return x > 0 ? x : 0; // rounding can land a hair below the cut
  }
  cdf(x: number): number {
    if (x <= 0) return 0;
    const z = (x - this.spec.mean) / this.spec.stddev;
    return this.alpha <= 0
      ? (normalCdf(z) - this.cut) / this.kept
      : (this.kept - normalCdf(-z)) / this.kept;
  }
}

/** Uniform on [min, max): one draw. */
class Uniform implements Distribution {
  readonly mean: number;
  readonly variance: number;
  private readonly width: number;
  constructor(readonly spec: Spec<"uniform">) {
    requireNonNegative("uniform", "min", spec.min);
    requireFinite("uniform", "max", spec.max);
    if (!(spec.max > spec.min)) {
      throw new RangeError(`uniform: max must be > min (${spec.min}), got ${spec.max}; use deterministic for a point`);
    }
    this.width = spec.max - spec.min;
    this.mean = (spec.min + spec.max) / 2;
    this.variance = (this.width * this.width) / 12;
  }
  sample(rng: RandomStream): number {
    return this.spec.min + this.width * rng.next();
  }
  cdf(x: number): number {
    if (x <= this.spec.min) return 0;
    return x >= this.spec.max ? 1 : (x - this.spec.min) / this.width;
  }
}

/** Always `value`; draws nothing from the stream. */
class Deterministic implements Distribution {
  readonly mean: number;
  readonly variance = 0;
  constructor(readonly spec: Spec<"deterministic">) {
    requireNonNegative("deterministic", "value", spec.value);
    this.mean = spec.value;
  }
  sample(): number {
    return this.mean;
  }
  cdf(x: number): number {
    return x >= this.mean ? 1 : 0;
  }
}

/**
 * Resamples the given values uniformly (the bootstrap): one draw. Mean and
 * variance are the population moments of the values; the CDF is their ECDF.
 */
class Empirical implements Distribution {
  readonly mean: number;
  readonly variance: number;
  /** A sorted private copy, so later changes to the caller's array change nothing. */
  private readonly sorted: Float64Array;
  constructor(readonly spec: Spec<"empirical">) {
    const n = spec.samples.length;
    if (n === 0) throw new RangeError("empirical: samples must not be empty");
    spec.samples.forEach((v, i) => requireNonNegative("empirical", `samples[${i}]`, v));
    this.sorted = Float64Array.from(spec.samples).sort();
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.sorted[i]!;
    this.mean = sum / n;
    let ss = 0; // two passes: no cancellation when the values sit far from 0
    for (let i = 0; i < n; i++) ss += (this.sorted[i]! - this.mean) ** 2;
    this.variance = ss / n;
  }
  sample(rng: RandomStream): number {
    return this.sorted[Math.floor(rng.next() * this.sorted.length)]!;
  }
  cdf(x: number): number {
    // Count of values ≤ x, by binary search for the first value > x.
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo / this.sorted.length;
  }
}

/**
 * Weighted mixture; weights are normalised. Two or more draws: one picks the
 * component, the component draws its own. (Reusing the rescaled first draw
 * would save one but coarsen the component's uniforms, which have only 53 bits.)
 */
class Mixture implements Distribution {
  readonly mean: number;
  readonly variance: number;
  private readonly parts: readonly Distribution[];
  /** Normalised cumulative weights; 1 from the last positive weight on. */
  private readonly cumulative: Float64Array;
  constructor(readonly spec: Spec<"mixture">) {
    const { components } = spec;
    if (components.length === 0) throw new RangeError("mixture: components must not be empty");
    let total = 0;
    components.forEach((c, i) => {
      requireNonNegative("mixture", `components[${i}].weight`, c.weight);
      total += c.weight;
    });
    if (!(total > 0)) throw new RangeError("mixture: at least one component weight must be > 0");
    this.parts = components.map((c, i) => {
      try {
        return makeDistribution(c.dist);
      } catch (e) {
        if (e instanceof RangeError) throw new RangeError(`mixture: components[${i}].dist: ${e.message}`);
        throw e;
      }
    });
    this.cumulative = new Float64Array(components.length);
    let acc = 0;
    let lastPositive = 0;
    let mean = 0;
    components.forEach((c, i) => {
      acc += c.weight;
      this.cumulative[i] = acc / total;
      if (c.weight > 0) lastPositive = i;
      mean += (c.weight / total) * this.parts[i]!.mean;
    });
    this.cumulative.fill(1, lastPositive);
    // Law of total variance: E[Var | component] + Var[E | component].
    let variance = 0;
    components.forEach((c, i) => {
      const part = this.parts[i]!;
      variance += (c.weight / total) * (part.variance + (part.mean - mean) ** 2);
    });
    this.mean = mean;
    this.variance = variance;
  }
  sample(rng: RandomStream): number {
    const u = rng.next();
    let i = 0;
    while (u >= this.cumulative[i]!) i++;
    return this.parts[i]!.sample(rng);
  }
  cdf(x: number): number {
    let f = 0;
    let previous = 0;
    for (let i = 0; i < this.parts.length; i++) {
      const w = this.cumulative[i]! - previous;
      previous = this.cumulative[i]!;
      if (w > 0) f += w * this.parts[i]!.cdf(x);
    }
    return f;
  }
}

/**
 * A sampler of `spec` that draws from its own stream, made on first need: a
 * fixed delay (deterministic) draws nothing and opens no stream, so adding
 * one never shifts another purpose's draws.
 */
export function drawer(spec: DistributionSpec, stream: () => RandomStream): () => number {
  if (spec.kind === "deterministic") return () => spec.value;
  const distribution = makeDistribution(spec);
  const rng = stream();
  return () => distribution.sample(rng);
}
