/** The parameters of a disk: units, defaults with their sources, scenario fields. */
import type { ParameterDoc } from "./kinds.js";

const GiB = 1024 ** 3;
const MB = 1e6;
const TB = 1e12;

/** Parameters of a disk, in SI units. */
export interface DiskParams {
  /** Capacity (bytes). Default 16 TB, a current nearline HDD. */
  capacityBytes: number;
  /**
   * Extent size (bytes): the unit of placement, rebuild and latent-error
   * bookkeeping; extents are 0 … ⌊capacity / extent size⌋ − 1 (a remainder
   * smaller than an extent is unused). Default 1 GiB.
   */
  extentSizeBytes: number;
  /**
   * Sequential read bandwidth (bytes/s). Default 250 MB/s: a datasheet-like
   * figure, not a measurement (no published default was found); 16 TB 7200 rpm nearline drives are specified at about
   * 250–260 MB/s sustained on the outer tracks and about half that on the
   * inner ones.
   */
  readBandwidthBytesPerS: number;
  /** Sequential write bandwidth (bytes/s). Default 250 MB/s (as reads; same caveat). */
  writeBandwidthBytesPerS: number;
  /**
   * Fraction of the disk's time rebuild-class I/O (rebuilds and scrubs)
   * gets while foreground I/O is active, in [0, 1]. Default 0.3, a free
   * parameter (no published default), in the range of the
   * rebuild-priority settings of RAID controllers.
   */
  rebuildShare: number;
  /**
   * Fraction of the time foreground I/O not modelled as operations keeps
   * the disk busy, in [0, 1]. Rebuild-class I/O gets, on average,
   * rebuildShare of the time while it is busy and all of it otherwise.
   * Default 0 (an idle disk).
   */
  foregroundBusy: number;
  /** Cap on a scrub's read rate (bytes/s); Infinity: a scrub runs at the rebuild-class rate. Default Infinity. */
  scrubBandwidthBytesPerS: number;
}

export const DEFAULT_DISK_PARAMS: Readonly<DiskParams> = {
  capacityBytes: 16 * TB,
  extentSizeBytes: 1 * GiB,
  readBandwidthBytesPerS: 250 * MB,
  writeBandwidthBytesPerS: 250 * MB,
  rebuildShare: 0.3,
  foregroundBusy: 0,
  scrubBandwidthBytesPerS: Infinity,
};

/** The scenario fields of kind `disk`, for the schema and `ftsim list`. */
export const DISK_PARAMETER_DOCS: readonly ParameterDoc[] = [
  { name: "capacity", unit: "bytes", default: "16TB", description: "capacity" },
  {
    name: "extent_size",
    unit: "bytes",
    default: "1GiB",
    description: "unit of placement, rebuild and latent-error bookkeeping; extents 0 … ⌊capacity / extent_size⌋ − 1",
  },
  {
    name: "read_bandwidth",
    unit: "bytes/s",
    default: "250MB/s",
    description: "sequential read bandwidth (datasheet-like figure for a 16 TB nearline HDD; no published default)",
  },
  { name: "write_bandwidth", unit: "bytes/s", default: "250MB/s", description: "sequential write bandwidth" },
  {
    name: "rebuild_share",
    unit: "fraction",
    default: "0.3",
    description: "fraction of the disk's time rebuild and scrub I/O get while foreground I/O is active (all of it otherwise)",
  },
  {
    name: "foreground_busy",
    unit: "fraction",
    default: "0",
    description: "fraction of the time background client I/O (not modelled as operations) keeps the disk busy; slows rebuild and scrub I/O on average",
  },
  {
    name: "scrub_bandwidth",
    unit: "bytes/s",
    default: "none",
    description: "cap on a scrub's read rate; without it a scrub runs at the rebuild-class rate",
  },
];

/** Builds disk parameters from scenario fields (already in SI units), filling in the defaults. */
export function diskParamsFrom(fields: Readonly<Record<string, unknown>>): DiskParams {
  const num = (key: string, fallback: number): number => {
    const value = fields[key];
    return typeof value === "number" ? value : fallback;
  };
  const d = DEFAULT_DISK_PARAMS;
  return {
    capacityBytes: num("capacity", d.capacityBytes),
    extentSizeBytes: num("extent_size", d.extentSizeBytes),
    readBandwidthBytesPerS: num("read_bandwidth", d.readBandwidthBytesPerS),
    writeBandwidthBytesPerS: num("write_bandwidth", d.writeBandwidthBytesPerS),
    rebuildShare: num("rebuild_share", d.rebuildShare),
    foregroundBusy: num("foreground_busy", d.foregroundBusy),
    scrubBandwidthBytesPerS: num("scrub_bandwidth", d.scrubBandwidthBytesPerS),
  };
}
