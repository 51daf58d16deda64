import { Component, type ChangeCause, type ComponentState } from "./component.js";
import { type ParameterDoc, ParameterError } from "./kinds.js";

/** The parameters of a link, in SI units. */
export interface LinkParams {
  /** Bandwidth of each direction (the link is full duplex), bytes/s. */
  bandwidth: number;
  /** One-way propagation latency, s. */
  latency: number;
  /** Probability that a message crossing the link is lost, independently per message (0 to 1). */
  loss: number;
}

/**
 * A datacentre Ethernet link between a host and its top-of-rack switch.
 * These are assumptions, not measurements: no published source gives default
 * link figures, so the defaults are round numbers of current practice.
 */
export const DEFAULT_LINK_PARAMS: Readonly<LinkParams> = Object.freeze({
  /** 10 Gbit/s = 1.25e9 bytes/s per direction: a common server NIC speed (assumed, not from a source). */
  bandwidth: 10e9 / 8,
  /** 50 µs one way: the order of a host-to-switch hop including NIC and switch latency (assumed, not from a source). */
  latency: 50e-6,
  /** 0: a healthy datacentre link loses (almost) nothing; set it to study lossy links. */
  loss: 0,
});

/** The link's scenario fields, for the schema and `ftsim list`. */
export const LINK_PARAMETER_DOCS: readonly ParameterDoc[] = [
  {
    name: "bandwidth",
    unit: "bytes/s",
    default: "10Gbit/s",
    description: "bandwidth of each direction (full duplex); a message of b bytes takes b / bandwidth to transmit, bulk transfers share it max-min fairly",
  },
  {
    name: "latency",
    unit: "s",
    default: "50us",
    description: "one-way propagation latency, added after transmission at every hop",
  },
  {
    name: "loss",
    unit: "probability",
    default: "0",
    description: "probability that a message crossing the link is lost, independently per message (bulk transfers are not affected)",
  },
];

/** Told when a link's bandwidth or loss changes (fail-slow, a loss fault, recovery). */
export type LinkParamsListener = (link: Link, now: number) => void;

function checkParams(id: string, p: LinkParams): void {
  if (!(p.bandwidth > 0 && p.bandwidth < Infinity)) throw new ParameterError("bandwidth", `link ${id}: bandwidth must be > 0 bytes/s and finite, got ${p.bandwidth}`);
  if (!(p.latency >= 0 && p.latency < Infinity)) throw new ParameterError("latency", `link ${id}: latency must be >= 0 s and finite, got ${p.latency}`);
  checkLoss(id, p.loss);
}

function checkLoss(id: string, loss: number): void {
  if (!(loss >= 0 && loss <= 1)) throw new ParameterError("loss", `link ${id}: loss must be a probability in [0, 1], got ${loss}`);
}

/**
 * A network or fabric link joining two nodes (kind `link`). Fail-stop and
 * repair come from `Component`; the fault layer may also slow it down
 * (`slowDown`: a degraded link, e.g. a port renegotiated to a lower speed)
 * or change its loss probability (`setLoss`: a lossy period).
 *
 * The link only holds its parameters and state; the `Network` it is added
 * to models transmission, queueing, loss draws and transfers.
 */
export class Link extends Component {
  /** The nominal parameters, as configured. */
  readonly params: Readonly<LinkParams>;
  private speedFactor = 1;
  private currentLoss: number;
  private ends: readonly [Component, Component] | undefined;
  private readonly paramsListeners: LinkParamsListener[] = [];

  constructor(id: string, params: Partial<LinkParams> = {}) {
    super(id, "link");
    const full: LinkParams = { ...DEFAULT_LINK_PARAMS, ...params };
    checkParams(id, full);
    this.params = Object.freeze(full);
    this.currentLoss = full.loss;
  }

  /** Current bandwidth of each direction, bytes/s: nominal × the slow-down factor. */
  get bandwidth(): number {
    return this.params.bandwidth * this.speedFactor;
  }

  /** One-way propagation latency, s. */
  get latency(): number {
    return this.params.latency;
  }

  /** Current probability that a message crossing the link is lost. */
  get loss(): number {
    return this.currentLoss;
  }

  /** The fraction of its nominal bandwidth the link runs at (1 unless slowed down). */
  get speed(): number {
    return this.speedFactor;
  }

  /** The two nodes it joins, once added to a network. */
  get endpoints(): readonly [Component, Component] | undefined {
    return this.ends;
  }

  /** Called by `Network.addLink`; a link joins one pair of nodes in one network. */
  attach(a: Component, b: Component): void {
    if (this.ends !== undefined) {
      throw new Error(`link ${this.id} already joins ${this.ends[0].id} and ${this.ends[1].id}; a link belongs to one network`);
    }
    if (a === b) throw new Error(`link ${this.id} must join two different nodes, got ${a.id} twice`);
    this.ends = [a, b];
  }

  /** Fail-slow: the link runs at `factor` (0 < factor ≤ 1) of its nominal bandwidth until `recover`. */
  slowDown(factor: number, now: number, cause: ChangeCause): void {
    if (!(factor > 0 && factor <= 1)) throw new RangeError(`link ${this.id}: slow-down factor must be in (0, 1], got ${factor}`);
    if (factor === this.speedFactor) return;
    this.speedFactor = factor;
    if (this.trace.enabled) this.trace.record(now, this.id, "bandwidth-changed", cause, { bandwidth: this.bandwidth, factor });
    this.refresh(now, cause);
    this.paramsChanged(now);
  }

  /**
   * Ends a slow-down and/or a loss fault: nominal bandwidth and loss again.
   * `fault` picks one (`slow` or `loss`), by default both, so that the end of
   * one fault does not end another that overlaps it (a link never hangs:
   * `hang` ends nothing).
   */
  recover(now: number, cause: ChangeCause, fault?: "hang" | "slow" | "loss"): void {
    if (fault === "hang") return;
    if (fault !== "loss" && this.speedFactor !== 1) this.slowDown(1, now, cause);
    if (fault !== "slow" && this.currentLoss !== this.params.loss) this.setLoss(this.params.loss, now, cause);
  }

  /** Sets the loss probability (a lossy period); `recover` restores the nominal one. */
  setLoss(loss: number, now: number, cause: ChangeCause): void {
    checkLoss(this.id, loss);
    if (loss === this.currentLoss) return;
    this.currentLoss = loss;
    if (this.trace.enabled) this.trace.record(now, this.id, "loss-changed", cause, { loss });
    this.paramsChanged(now);
  }

  /** Tells `listener` when the bandwidth or loss changes (the network recomputes transfer rates). */
  onParamsChange(listener: LinkParamsListener): void {
    this.paramsListeners.push(listener);
  }

  protected override operatingState(): ComponentState {
    return this.speedFactor < 1 ? "slow" : "up";
  }

  private paramsChanged(now: number): void {
    for (const listener of this.paramsListeners) listener(this, now);
  }
}
