/** One parameter of a hardware kind as `ftsim list` and the docs show it. */
export interface ParameterDoc {
  /** The scenario field, snake_case. */
  name: string;
  unit: string;
  default: string;
  description: string;
}

/** One hardware or fault kind as `ftsim list` shows it. */
export interface KindDoc {
  name: string;
  description: string;
  /** The scenario fields that configure it, with units and defaults. */
  parameters: readonly ParameterDoc[];
}

/**
 * A parameter a hardware model refuses (a DIMM smaller than a page, a disk
 * smaller than an extent). `field` is the scenario field, so the loader can
 * report the error at its line:col.
 */
export class ParameterError extends RangeError {
  override readonly name = "ParameterError";
  constructor(
    /** The scenario field, snake_case, e.g. `page_size`. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The hardware kinds a scenario's `components[].kind` may name. */
export const HARDWARE_KIND_NAMES = ["component", "processor", "dimm", "disk", "link", "switch", "host", "rack", "power", "site"] as const;
export type HardwareKind = (typeof HARDWARE_KIND_NAMES)[number];

/** The kind-specific scenario fields of each kind (every kind also takes name, count, in, mttf/failure, mttr/repair). */
export const KIND_FIELDS: Readonly<Record<HardwareKind, readonly string[]>> = {
  component: [],
  processor: ["speed"],
  dimm: ["size", "page_size", "ce_history"],
  disk: ["capacity", "extent_size", "read_bandwidth", "write_bandwidth", "rebuild_share", "foreground_busy", "scrub_bandwidth"],
  link: ["connects", "network", "bandwidth", "latency", "loss"],
  switch: [],
  host: [],
  rack: [],
  power: [],
  site: [],
};
