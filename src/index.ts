/**
 * ftsim as a library: the engine, hardware, faults, mechanisms, metrics,
 * scenario loading and the runner, so that a new mechanism can be written
 * in TypeScript and run like the built-in ones.
 */
export { Simulator, type RunOptions, type RunStopReason, type SimulatorOptions } from "./engine/simulator.js";
export { EventQueue, type EventHandle } from "./engine/event-queue.js";
export { EventLimitError, SimulationError } from "./engine/errors.js";
export { RandomStreams, type RandomStream } from "./engine/random.js";
export type { Distribution, DistributionKind, DistributionSpec } from "./engine/distribution.js";
export { makeDistribution } from "./engine/distributions.js";
export * from "./engine/reliability-params.js";

export * from "./stats/index.js";

export { StatusSignal, type StatusListener } from "./hardware/status.js";
export { Component, type ComponentState, type ChangeCause } from "./hardware/component.js";
export { Trace, NO_TRACE, type TraceRecord } from "./engine/trace.js";
export { Link, DEFAULT_LINK_PARAMS, LINK_PARAMETER_DOCS, type LinkParams } from "./hardware/link.js";
export {
  Network,
  type DropReason,
  type MessageHandlers,
  type PartitionHandle,
  type TransferHandle,
  type TransferHandlers,
  type TransferFailure,
} from "./hardware/network.js";
export * from "./hardware/processor.js";
export * from "./hardware/memory.js";
export * from "./hardware/disk.js";
export { RepairShop, type RepairJob } from "./hardware/repair-shop.js";
export { Inventory, ModelReferenceError } from "./hardware/inventory.js";

export { StochasticFailures, type FailureModel } from "./faults/stochastic-failures.js";
export { FAULT_KINDS, FAULT_TYPES, type FaultType } from "./faults/kinds.js";
export { HARDWARE_KINDS } from "./hardware/kind-docs.js";
export { HARDWARE_KIND_NAMES, ParameterError, type HardwareKind, type KindDoc, type ParameterDoc } from "./hardware/kinds.js";

export type {
  MechanismContext,
  MechanismDefinition,
  MechanismInstance,
  MechanismMetric,
  MeanParts,
  MetricDoc,
} from "./mechanisms/mechanism.js";
export { MeanTally, putMean } from "./mechanisms/mean-tally.js";
export { MECHANISMS, findMechanism, registerMechanism } from "./mechanisms/registry.js";

export { evaluateStructure, type StructureNode } from "./metrics/structure.js";
export { ServiceMonitor, type ServiceObservation } from "./metrics/service-monitor.js";
export { SERVICE_METRICS, TIME_TO_EVENT_METRICS } from "./metrics/metric-docs.js";

export { scenarioSchema, type Scenario, type ScenarioInput, type StructureInput } from "./scenario/schema.js";
export { ScenarioError, type ScenarioIssue } from "./scenario/load.js";
export { parseDuration, parseProbability, parseRate, parseSize, UnitError } from "./scenario/units.js";

export { buildModel, type Model } from "./run/model.js";
export { runReplication, type ReplicationOutput } from "./run/replication.js";
export { runScenario } from "./run/runner.js";
export { applyOverrides, OverrideError, type RunOverrides } from "./run/overrides.js";
export { summarise, type Summaries } from "./metrics/aggregate.js";
export type { ObservedRatio, ObservedTime, ObservedValue } from "./metrics/replication-output.js";
export { loadScenario, type LoadedScenario } from "./run/load.js";
export { traceFilter, traceReplication, type TraceHeader } from "./run/trace.js";
export type { RunResult, SweepResult, SweepPointResult, PrecisionRecord } from "./run/result.js";
export { runSweep } from "./run/sweep.js";
export { runComparison, compareResults, pairedDifference, welchDifference, type CompareDocument } from "./run/compare.js";
export { runToPrecision, runBatched, PrecisionError, type PrecisionTarget } from "./run/precision.js";
export { makeBaseline, baselineEntry, readBaseline, parseBaseline, type BaselineDocument } from "./run/baseline.js";

export { renderResult, type Format } from "./report/text.js";
export { renderSweep } from "./report/sweep-text.js";
export { renderComparison } from "./report/compare-text.js";
export { compareScenario, checkReport, type CheckReport, type Verdict } from "./report/regression.js";
export { loadGateUnits, recordBaseline, runGateCheck, type GateUnit } from "./report/gate.js";
export { renderJunit } from "./report/junit.js";
// Chart specs are plain Vega-Lite objects; rendering them to SVG/PNG (report/render.ts) loads
// vega and resvg, so it is left out of the library entry to keep `import "ftsim"` light.
export { sweepChart } from "./report/charts/sweep.js";
export { barsChart } from "./report/charts/bars.js";
export { distributionChart } from "./report/charts/distribution.js";
export { timelineChart } from "./report/charts/timeline.js";
export { renderHtmlReport } from "./report/html.js";
export { VERSION } from "./version.js";
