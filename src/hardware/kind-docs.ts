import { DISK_PARAMETER_DOCS } from "./disk.js";
import type { HardwareKind, KindDoc, ParameterDoc } from "./kinds.js";
import { LINK_PARAMETER_DOCS } from "./link.js";
import { DIMM_PARAMETER_DOCS } from "./memory.js";
import { PROCESSOR_PARAMETER_DOCS } from "./processor.js";

/** What every kind takes besides its own parameters. */
export const COMMON_PARAMETER_DOCS: readonly ParameterDoc[] = [
  { name: "count", unit: "count", default: "1", description: "identical instances, named name[0], name[1]..." },
  { name: "in", unit: "reference(s)", default: "none", description: "containers (host, rack, power, site); down while any container is down" },
  { name: "mttf | failure", unit: "duration | distribution", default: "none", description: "own fail-stop time to failure (none: fails only by faults)" },
  { name: "mttr | repair", unit: "duration | distribution | none", default: "none", description: "repair time of every fail-stop, by a crew" },
];

/** The hardware kinds this layer models, for `ftsim list` and the docs; a new kind adds its entry here. */
export const HARDWARE_KINDS: readonly (KindDoc & { name: HardwareKind })[] = [
  { name: "component", description: "a generic repairable unit: up or down; dormant (unpowered spare, does not age) or not", parameters: [] },
  {
    name: "processor",
    description: "CPU node, management core or BMC: fail-stop, hang (silent), fail-slow, precursor signals; runs work at its speed",
    parameters: PROCESSOR_PARAMETER_DOCS,
  },
  {
    name: "dimm",
    description: "a memory module divided into pages owned by VMs, processes or the hypervisor; correctable and uncorrectable errors hit pages",
    parameters: DIMM_PARAMETER_DOCS,
  },
  {
    name: "disk",
    description: "capacity in fixed-size extents, sequential bandwidth, latent sector errors found on read or scrub, rebuild I/O sharing bandwidth",
    parameters: DISK_PARAMETER_DOCS,
  },
  {
    name: "link",
    description: "joins two nodes of a network (LAN, WAN or switching fabric): bandwidth, latency, loss; messages and fair-shared transfers",
    parameters: LINK_PARAMETER_DOCS,
  },
  { name: "switch", description: "a network node that forwards between its links; a failed switch cuts the routes through it", parameters: [] },
  { name: "host", description: "a container for processors, DIMMs and disks; a network node", parameters: [] },
  { name: "rack", description: "a container for hosts and switches; a rack fault takes down everything in it", parameters: [] },
  { name: "power", description: "a power domain: a container whose fault takes down everything it feeds", parameters: [] },
  { name: "site", description: "a data centre: a container whose disaster takes down everything in it", parameters: [] },
];
