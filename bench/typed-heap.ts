/**
 * The fastest plain event loop we know how to write in JavaScript, the
 * reference the targets are stated against: a binary min-heap over
 * parallel typed arrays (Float64Array times, Int32Array sequence numbers and
 * payloads), ordered by (time, sequence), with no allocation per event and
 * no callbacks, cancellation or guards. Not used by ftsim itself.
 */
export class TypedHeap {
  private times: Float64Array;
  private seqs: Int32Array;
  private payloads: Int32Array;
  private count = 0;
  private nextSeq = 0;
  /** Payload of the event `pop` last removed. */
  payload = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(capacity);
    this.seqs = new Int32Array(capacity);
    this.payloads = new Int32Array(capacity);
  }

  push(time: number, payload: number): void {
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    const seq = this.nextSeq++ | 0;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (time > pt || (time === pt && seq > seqs[parent]!)) break;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      payloads[i] = payloads[parent]!;
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    payloads[i] = payload;
  }

  /** Removes the earliest event, returns its time and sets `payload`. */
  pop(): number {
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    const top = times[0]!;
    this.payload = payloads[0]!;
    const size = --this.count;
    const t = times[size]!;
    const s = seqs[size]!;
    const p = payloads[size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && (times[right]! < times[child]! || (times[right] === times[child] && seqs[right]! < seqs[child]!))) child = right;
      const ct = times[child]!;
      if (t < ct || (t === ct && s < seqs[child]!)) break;
      times[i] = ct;
      seqs[i] = seqs[child]!;
      payloads[i] = payloads[child]!;
      i = child;
    }
    times[i] = t;
    seqs[i] = s;
    payloads[i] = p;
    return top;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    times.set(this.times);
    const seqs = new Int32Array(n);
    seqs.set(this.seqs);
    const payloads = new Int32Array(n);
    payloads.set(this.payloads);
    this.times = times;
    this.seqs = seqs;
    this.payloads = payloads;
  }
}
