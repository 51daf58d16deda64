import { z } from "zod";
import type { ConfigVocabulary } from "../mechanism.js";

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const references = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** Config of a `self-migration` entry (docs/mechanisms/self-migration.md). */
export function selfMigrationConfig(v: ConfigVocabulary) {
  const positive = (field: string) => v.duration().refine((s) => s > 0, { message: `${field} must be > 0` });
  const host = z.strictObject({
    hosts: references.describe("The hosts of this entry: a group, an instance, `kind:host`, or a list of these; each must be a node of `network`."),
    cpu: z.number().min(0).describe("CPU capacity of each of these hosts, cores. Required."),
    memory: v.size().describe("Memory capacity of each of these hosts, bytes (`64GiB`). Required."),
    features: z
      .array(z.string().regex(NAME, "a feature is a name: letters, digits, _ or -"))
      .default([])
      .describe(
        "Named capabilities the host offers (`gpu`, `sriov`). A feature named like a component group inside the host (`{name: gpu, in: host}`) is present only while one of those components is up. Default none.",
      ),
  });
  const object = z.strictObject({
    name: z.string().regex(NAME, "an object name starts with a letter or _, then letters, digits, _ or -").describe("Object name; with `count` > 1 the objects are `<name>[0]`, `<name>[1]`, ..."),
    count: z.int().min(1).max(10_000).default(1).describe("Identical objects of this entry. Default 1."),
    type: z.string().min(1).optional().describe("Service type announced by the object; objects of one type avoid a host announced to hold another of their type (replicas apart). Default the name."),
    on: references.describe("The host(s) the objects start on; objects are spread over them in order (paired like `in:`)."),
    code_size: v.size().default(50e6).describe("Bytes of code moved by a migration. Default 50MB (free parameter)."),
    state_size: v.size().default(500e6).describe("Bytes of state moved by a migration. Default 500MB (free parameter)."),
    cpu: z.number().min(0).default(1).describe("Cores the object needs on its host. Default 1."),
    memory: v.size().default(2 ** 30).describe("Memory the object needs, bytes. Default 1GiB."),
    features: z.array(z.string().regex(NAME)).default([]).describe("Named capabilities the object needs on its host. Default none."),
  });
  return z.strictObject({
    network: z.string().default("lan").describe("The network the hosts announce, request and transfer over (its links' loss, latency, bandwidth and partitions apply). Default `lan`."),
    hosts: z.array(host).min(1).describe("The hosts and their capability parameters: a list of `{hosts, cpu, memory, features}`."),
    objects: z.array(object).min(1).describe("The service objects: `{name, count, type, on, code_size, state_size, cpu, memory, features}`."),
    announce_period: positive("announce_period")
      .default(10)
      .describe(
        "Period of every host's capability announcement and every object's announcement and evaluation. Default 10s: kubelet --node-status-update-frequency (kubernetes-sigs/kubespray docs/kubernetes-reliability.md); no published figure for self-migrating objects.",
      ),
    phases: z
      .enum(["random", "aligned"])
      .default("random")
      .describe("`random` (default): each host and object starts its period at its own uniform phase. `aligned`: hosts announce at whole periods, objects announce and evaluate half a period later."),
    stale_after: z
      .int()
      .min(1)
      .max(1000)
      .default(3)
      .describe("An announcement is forgotten after this many periods without a newer one from the same sender. Default 3 (Kubernetes' 40 s grace over 10 s updates is about 4; free parameter)."),
    announce_size: v.size().default(512).describe("Bytes of one announcement message. Default 512B (free parameter)."),
    load_high: z.number().gt(0).default(0.9).describe("An object leaves a host whose CPU load (residents' needs over capacity) is above this. Default 0.9 (free parameter)."),
    load_low: z
      .number()
      .gt(0)
      .optional()
      .describe("Hysteresis: a host accepts an incoming object only if its load after the move is at most this. Default `load_high` (no hysteresis band); set it lower to stop ping-pong."),
    min_residence: v
      .duration()
      .default(0)
      .describe("Hysteresis: after arriving, an object does not leave a degraded or overloaded host within this time (one predicted to fail, or lacking a needed capability, is left at once). Default 0 (free parameter)."),
    choose: z
      .enum(["announced-fit", "any-heard"])
      .default("announced-fit")
      .describe(
        "Which heard hosts an object probes. `announced-fit` (default): those whose last announcement shows its features, enough free CPU and memory, no load above `load_low` after the move, good health, and no object of its type. `any-heard`: every host heard from (blind random probing, case K).",
      ),
    probing: z
      .enum(["without-replacement", "with-replacement"])
      .default("without-replacement")
      .describe("Random probing within one search: `without-replacement` (default) never asks a host that refused again; `with-replacement` draws uniformly every time."),
    request_size: v.size().default(1024).describe("Bytes of a migration request and of its reply. Default 1KiB (free parameter)."),
    request_timeout: positive("request_timeout").default(2).describe("An object that has no reply after this time counts the request as failed. Default 2s (free parameter)."),
    retry_backoff: v
      .fixedOrDistribution()
      .default({ kind: "deterministic", value: 1 })
      .describe("Wait after a refusal or a failed transfer before the next probe. Default 1s (free parameter)."),
    switch_time: v
      .fixedOrDistribution()
      .default({ kind: "deterministic", value: 0.3 })
      .describe(
        "The object is down for this final switch after its code and state have arrived. Default 300ms: QEMU's default downtime limit and Google's live-migration blackout p99 (Ruprecht et al., VEE 2018).",
      ),
    probe_period: positive("probe_period").default(60).describe("Period of the health probe on each host's processors (a fail-slow host is degraded). Default 1min: Prometheus' default scrape_interval."),
    probe_work: positive("probe_work").default(1).describe("Work of one probe, s at speed 1. Default 1s (free parameter)."),
    slow_threshold: z.number().gt(0).max(1).default(0.5).describe("A probe below this fraction of nominal speed marks the host degraded. Default 0.5 (free parameter)."),
    ping_pong_window: v
      .duration()
      .default(600)
      .describe("An object arriving back on a host it left less than this ago counts as a ping-pong. Default 10min (free parameter)."),
  });
}

export type SelfMigrationConfig = z.output<ReturnType<typeof selfMigrationConfig>>;
