import seedrandom from "seedrandom";

/** A source of uniform draws in [0, 1) with 53 bits of resolution. */
export interface RandomStream {
  /** The next uniform draw in [0, 1): a multiple of 2^-53, not only of 2^-32. */
  next(): number;
  /** The stream's name, for traces and error messages. */
  readonly name: string;
}

class AleaStream implements RandomStream {
  readonly next: () => number;
  constructor(
    readonly name: string,
    seedKey: string,
  ) {
    // alea, not seedrandom's default ARC4, which costs about 3x more per draw. Its plain
    // call gives multiples of 2^-32 (an exponential cut at 22.2 means, probabilities
    // below 2^-32 unrepresentable); double() fills 53 bits from two outputs.
    this.next = seedrandom.alea(seedKey).double;
  }
}

/**
 * The named random streams of one replication. The stream called `name` in
 * replication r of a run with seed s draws from a generator seeded by
 * (s, r, name) alone, so adding a component or a purpose never shifts the
 * draws of another (common random numbers across designs).
 */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(
    /** The run's master seed. */
    readonly seed: number | string,
    /** The replication index, from 0. */
    readonly replication: number,
  ) {}

  /** The stream for `name` (e.g. `disk[17]/failure`), created on first use. */
  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = new AleaStream(name, `ftsim:${String(this.seed)}:${this.replication}:${name}`);
      this.streams.set(name, stream);
    }
    return stream;
  }
}
