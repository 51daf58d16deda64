import type { KindDoc } from "../hardware/kinds.js";

/** The fault types a scenario's `faults[].type` may name. */
export const FAULT_TYPES = [
  "fail-stop",
  "transient",
  "hang",
  "fail-slow",
  "precursor",
  "correctable-error",
  "uncorrectable-error",
  "latent-sector-error",
  "message-loss",
  "partition",
] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

/** The hardware kinds each fault type applies to (undefined: any kind). */
export const FAULT_TARGET_KINDS: Readonly<Record<FaultType, readonly string[] | undefined>> = {
  "fail-stop": undefined,
  transient: undefined,
  hang: ["processor"],
  "fail-slow": ["processor", "link"],
  precursor: ["processor"],
  "correctable-error": ["dimm"],
  "uncorrectable-error": ["dimm"],
  "latent-sector-error": ["disk"],
  "message-loss": ["link"],
  partition: undefined,
};

const WHEN = [
  { name: "every", unit: "duration | distribution", default: "-", description: "time between faults per target (a bare duration is an exponential mean); or fit (FIT) or at (scripted times)" },
  { name: "target", unit: "reference(s)", default: "-", description: "group, instance or kind:<kind>" },
];

/** The fault kinds this layer injects, for `ftsim list` and the docs. */
export const FAULT_KINDS: readonly KindDoc[] = [
  {
    name: "fail-stop",
    description: "the target stops; a crew repairs it with the component's repair distribution. On a host, rack, power domain or site it takes down everything inside (a correlated fault). Components with mttf/failure get this fault from their own distribution",
    parameters: WHEN,
  },
  {
    name: "transient",
    description: "the target is down for `duration`, then back by itself (a reboot or glitch: no crew)",
    parameters: [...WHEN, { name: "duration", unit: "duration | distribution", default: "required", description: "how long it is down" }],
  },
  {
    name: "hang",
    description: "a processor stops responding and reports nothing until it is rebooted after `duration`; running work is lost",
    parameters: [...WHEN, { name: "duration", unit: "duration | distribution", default: "required", description: "time until the reboot ends the hang" }],
  },
  {
    name: "fail-slow",
    description: "a processor runs at `factor` of its speed (a link at `factor` of its bandwidth) for `duration`",
    parameters: [
      ...WHEN,
      { name: "factor", unit: "fraction (0, 1]", default: "required", description: "speed kept" },
      { name: "duration", unit: "duration | distribution", default: "required", description: "how long it stays slow" },
    ],
  },
  {
    name: "precursor",
    description: "a processor fail-stops at the fault time, announced by a precursor signal `lead` earlier, which a predictor can watch",
    parameters: [...WHEN, { name: "lead", unit: "duration | distribution", default: "required", description: "lead time of the signal before the failure" }],
  },
  {
    name: "correctable-error",
    description: "a burst of corrected memory errors on a uniformly chosen page of a DIMM (nothing lost; the CE rate is a failure precursor)",
    parameters: [...WHEN, { name: "burst", unit: "count", default: "1", description: "mean errors per burst (geometric)" }],
  },
  {
    name: "uncorrectable-error",
    description: "an uncorrectable memory error on a uniformly chosen page of a DIMM; reports the page's owner (VM, process, hypervisor) to mechanisms",
    parameters: WHEN,
  },
  {
    name: "latent-sector-error",
    description: "an undetected bad sector in a uniformly chosen extent of a disk, discovered when a read or scrub covers it",
    parameters: WHEN,
  },
  {
    name: "message-loss",
    description: "a link loses each message crossing it with probability `loss` for `duration` (a lossy period), then its own loss again",
    parameters: [
      ...WHEN,
      { name: "loss", unit: "probability", default: "required", description: "loss probability during the fault" },
      { name: "duration", unit: "duration | distribution", default: "required", description: "how long the lossy period lasts" },
    ],
  },
  {
    name: "partition",
    description: "the network nodes of one side are cut off from the other side for `duration` (messages dropped, transfers failed, both ways)",
    parameters: [
      { name: "between", unit: "[references, references]", default: "required", description: "the two sides" },
      { name: "every | at", unit: "duration | distribution", default: "-", description: "when" },
      { name: "duration", unit: "duration | distribution", default: "required", description: "how long it lasts" },
    ],
  },
];
