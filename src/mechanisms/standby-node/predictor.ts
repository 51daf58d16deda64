import { makeDistribution } from "../../engine/distributions.js";
import type { RandomStream } from "../../engine/random.js";
import type { PrecursorSignal, Processor } from "../../hardware/processor.js";
import type { MechanismContext } from "../mechanism.js";
import type { PredictorConfig } from "./config.js";

/** What the predictor needs of the mechanism. */
export interface PredictorHooks<N> {
  /** True when `node` runs a workload that is not already moving: only then are its precursors and false alarms heard. */
  watching(node: N): boolean;
  /** An alarm on a watched node: start a proactive transfer (`detail` goes to the trace). */
  alarm(node: N, now: number, cause: "predicted" | "false-alarm", detail?: Record<string, number>): void;
}

/**
 * The failure predictor: a coin of probability `recall` per precursor of a
 * watched node (one uniform from `<name>/predictor`), plus false alarms, a
 * Poisson process per node (stream `<name>/false-alarm/<node id>`) heard
 * only while the node is watched, at the rate
 * recall·(1/precision − 1)/precursor_every, so that
 * true/(true + false) = precision when precursors arrive every
 * `precursor_every` on average (derivation in docs/mechanisms/standby-node.md).
 */
export class FailurePredictor<N extends { readonly proc: Processor }> {
  /** Precursors of watched nodes, predicted ones and false alarms, in the measured window. */
  readonly counts = { precursors: 0, trueAlarms: 0, falseAlarms: 0 };
  private readonly recall: RandomStream;

  constructor(
    private readonly ctx: MechanismContext,
    private readonly name: string,
    private readonly config: PredictorConfig,
    nodes: readonly N[],
    private readonly hooks: PredictorHooks<N>,
  ) {
    this.recall = ctx.streams.stream(`${name}/predictor`);
    for (const node of nodes) node.proc.onPrecursor((signal) => this.precursor(node, signal));
    this.startFalseAlarms(nodes);
  }

  private inWindow(now: number): boolean {
    return now >= this.ctx.warmupS;
  }

  /** Precursors of a node with nothing to move (the standby, a node whose workload is already moving) are ignored. */
  private precursor(node: N, signal: PrecursorSignal): void {
    if (!this.hooks.watching(node)) return;
    const now = signal.now;
    if (this.inWindow(now)) this.counts.precursors++;
    if (this.recall.next() >= this.config.recall) {
      if (this.ctx.trace.enabled) this.ctx.trace.record(now, this.name, "missed-precursor", signal.cause, { node: node.proc.id });
      return;
    }
    if (this.inWindow(now)) this.counts.trueAlarms++;
    this.hooks.alarm(node, now, "predicted", { failure_at: signal.failureAt });
  }

  private startFalseAlarms(nodes: readonly N[]): void {
    const p = this.config;
    const rate = (p.recall * (1 / p.precision - 1)) / p.precursor_every;
    if (!(rate > 0)) return;
    const gap = makeDistribution({ kind: "exponential", mean: 1 / rate });
    for (const node of nodes) {
      const stream = this.ctx.streams.stream(`${this.name}/false-alarm/${node.proc.id}`);
      const tick = (): void => {
        const now = this.ctx.sim.now;
        if (this.hooks.watching(node)) {
          if (this.inWindow(now)) this.counts.falseAlarms++;
          this.hooks.alarm(node, now, "false-alarm");
        }
        this.ctx.sim.scheduleUnlessNever(gap.sample(stream), tick);
      };
      this.ctx.sim.scheduleUnlessNever(gap.sample(stream), tick);
    }
  }
}
