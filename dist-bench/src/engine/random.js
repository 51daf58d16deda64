import seedrandom from "seedrandom";
class AleaStream {
    name;
    next;
    constructor(name, seedKey) {
        this.name = name;
        // alea, not seedrandom's default ARC4, which costs about 3x more per draw.
        this.next = seedrandom.alea(seedKey);
    }
}
/**
 * The named random streams of one replication. The stream called `name` in
 * replication r of a run with seed s draws from a generator seeded by
 * (s, r, name) alone, so adding a component or a purpose never shifts the
 * draws of another (common random numbers across designs).
 */
export class RandomStreams {
    seed;
    replication;
    streams = new Map();
    constructor(
    /** The run's master seed. */
    seed, 
    /** The replication index, from 0. */
    replication) {
        this.seed = seed;
        this.replication = replication;
    }
    /** The stream for `name` (e.g. `disk[17]/failure`), created on first use. */
    stream(name) {
        let stream = this.streams.get(name);
        if (stream === undefined) {
            stream = new AleaStream(name, `ftsim:${String(this.seed)}:${this.replication}:${name}`);
            this.streams.set(name, stream);
        }
        return stream;
    }
}
