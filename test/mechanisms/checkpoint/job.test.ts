/**
 * The checkpoint job step by step, on the fixture's 4-node job (δ = 40 s,
 * full restart 50 s, τ = 100 s, failure-free end at 1400 s): each scripted
 * failure changes the completion time by exactly what the model says.
 */
import { describe, expect, it } from "vitest";
import { dalyInterval } from "../../../src/mechanisms/checkpoint/interval.js";
import { runJob } from "./fixture.js";

const failStop = (target: string, at: string) => ({ type: "fail-stop", name: `f-${target.replace(/\W/g, "")}-${at}`, target, at });
const LOG = { log: { window: "1h", message_rate: "10MB/s", replay_rate: "1GB/s" } };

describe("checkpoint job", () => {
  it("failure-free: W plus a δ after every segment, the last included", () => {
    const { metrics, records } = runJob();
    expect(metrics.completion_time_s).toBeCloseTo(1400, 9);
    expect(metrics.checkpoints).toBe(10);
    expect(metrics.checkpoint_time_s).toBeCloseTo(400, 9);
    expect(metrics.waste_fraction).toBeCloseTo(1 - 1000 / 1400, 12);
    expect(metrics.lost_work_s).toBe(0);
    expect(records.filter((r) => r.event === "checkpoint-end")).toHaveLength(10);
    expect(records.at(-1)!.event).toBe("job-done");
  });

  it("a failure mid-segment, no spare: the segment's work is lost, the job waits for the repair, then restarts (R = 40 s read + 10 s)", () => {
    // node[1] fails at 170 s, 30 s into the second segment; repaired at 190 s; restart until 240 s.
    const { metrics, records } = runJob({ faults: [failStop("node[1]", "170s")] });
    expect(metrics.lost_work_s).toBeCloseTo(30, 9);
    expect(metrics.completion_time_s).toBeCloseTo(1400 + 30 + 20 + 50, 9);
    expect(metrics.full_rollbacks).toBe(1);
    expect(metrics.restarts).toBe(1);
    expect(records.map((r) => r.event)).toEqual(expect.arrayContaining(["failure", "rollback", "waiting", "restart-start", "restart-end"]));
  });

  it("a failure during a checkpoint loses the whole segment and the checkpoint", () => {
    // The first checkpoint runs 100–140 s; node[1] fails at 120 s, back at 140 s, restart until 190 s, then all 1400 s again.
    const { metrics } = runJob({ faults: [failStop("node[1]", "120s")] });
    expect(metrics.lost_work_s).toBeCloseTo(100, 9);
    expect(metrics.completion_time_s).toBeCloseTo(190 + 1400, 9);
    expect(metrics.checkpoint_time_s).toBeCloseTo(20 + 400, 9);
  });

  it("a failure during the restart starts it again", () => {
    // As the mid-segment case, and node[2] fails at 200 s (restart 190–240 s), back at 220 s: the restart ends at 270 s.
    const { metrics } = runJob({ faults: [failStop("node[1]", "170s"), failStop("node[2]", "200s")] });
    expect(metrics.completion_time_s).toBeCloseTo(1500 + 30, 9);
    expect(metrics.restarts).toBe(2);
    expect(metrics.failures).toBe(2);
    expect(metrics.full_rollbacks).toBe(1);
    expect(metrics.lost_work_s).toBeCloseTo(30, 9);
  });

  it("with a log window covering the interval, only the failed node's process rolls back and replays", () => {
    // Lost 30 s × 1/4; restart reads 1 GB (10 s) + 10 s; replay 30 s × 10 MB/s / 1 GB/s = 0.3 s.
    const { metrics, records } = runJob({ faults: [failStop("node[1]", "170s")], config: LOG });
    expect(metrics.lost_work_s).toBeCloseTo(7.5, 9);
    expect(metrics.completion_time_s).toBeCloseTo(1400 + 20 + 20 + 0.3, 9);
    expect(metrics.log_replays).toBe(1);
    expect(metrics.full_rollbacks).toBe(0);
    expect(records.map((r) => r.event)).toEqual(expect.arrayContaining(["replay-start", "replay-end"]));
  });

  it("a log window shorter than the time since the last checkpoint: the whole job rolls back", () => {
    // 30 s since the checkpoint that ended at 140 s, window 20 s.
    const { metrics } = runJob({ faults: [failStop("node[1]", "170s")], config: { log: { window: "20s" } } });
    expect(metrics.full_rollbacks).toBe(1);
    expect(metrics.log_replays).toBe(0);
    expect(metrics.completion_time_s).toBeCloseTo(1500, 9);
  });

  it("a second node failing outside the window during a local recovery escalates to a full rollback", () => {
    // node[1] at 170 s (local, window 35 s covers 30 s); node[2] at 180 s: 40 s since the checkpoint, not covered.
    const { metrics } = runJob({ faults: [failStop("node[1]", "170s"), failStop("node[2]", "180s")], config: { log: { window: "35s" } } });
    expect(metrics.log_replays).toBe(1);
    expect(metrics.full_rollbacks).toBe(1);
    expect(metrics.lost_work_s).toBeCloseTo(30, 9); // 30 × 1/4 then 30 × 3/4
  });

  it("with a spare, the failed node's processes restart on it at once", () => {
    const { metrics } = runJob({ faults: [failStop("node[1]", "170s")], repair: "1000s", spare: true });
    expect(metrics.completion_time_s).toBeCloseTo(1400 + 30 + 50, 9);
  });

  it("a hang is found by the missed heartbeats (detection 5 s), then the processes restart on the spare", () => {
    const { metrics, records } = runJob({ faults: [{ type: "hang", target: "node[1]", at: "170s", duration: "1000s" }], spare: true });
    expect(metrics.completion_time_s).toBeCloseTo(1400 + 30 + 5 + 50, 9);
    expect(records.find((r) => r.event === "failure")!.cause).toBe("heartbeat timeout");
  });

  it("a node that hangs twice before its missed heartbeats are noticed is declared failed once", () => {
    // Hangs at 170 s for 1 s and at 172 s for 1000 s, detection 5 s: one timeout (at 175 s), one restart.
    const twice = runJob({
      faults: [
        { type: "hang", name: "h1", target: "node[1]", at: "170s", duration: "1s" },
        { type: "hang", name: "h2", target: "node[1]", at: "172s", duration: "1000s" },
      ],
      spare: true,
    });
    expect(twice.metrics.failures).toBe(1);
    expect(twice.metrics.restarts).toBe(1);
    expect(twice.records.filter((r) => r.event === "failure")).toHaveLength(1);
    expect(twice.metrics.completion_time_s).toBeCloseTo(1400 + 30 + 5 + 50, 9);
  });

  it("a precursor moves the node's process to the spare (1 GB over 1 GB/s + 50 ms remap): no work lost", () => {
    const { metrics, records } = runJob({ faults: [{ type: "precursor", target: "node[1]", at: "250s", lead: "100s" }], spare: true });
    expect(metrics.migrations).toBe(1);
    expect(metrics.failures).toBe(0);
    expect(metrics.lost_work_s).toBe(0);
    expect(metrics.completion_time_s).toBeCloseTo(1400 + 1 + 0.05, 6);
    expect(records.map((r) => r.event)).toEqual(expect.arrayContaining(["migration-start", "remap-start", "migration-end"]));
  });

  it("a precursor whose lead is shorter than the migration: the failure strikes during it", () => {
    // Precursor at 150 s (10 s into the segment), failure at 150.5 s: migration aborted, restart on the spare.
    const { metrics, records } = runJob({ faults: [{ type: "precursor", target: "node[1]", at: "150.5s", lead: "0.5s" }], spare: true });
    expect(metrics.migrations).toBe(0);
    expect(records.some((r) => r.event === "migration-aborted")).toBe(true);
    expect(metrics.lost_work_s).toBeCloseTo(10, 9);
    expect(metrics.completion_time_s).toBeCloseTo(150.5 + 50 + 1260, 6);
  });

  it("a precursor without a spare changes nothing: the failure strikes and the job waits for the repair", () => {
    const { metrics } = runJob({ faults: [{ type: "precursor", target: "node[1]", at: "170s", lead: "100s" }] });
    expect(metrics.migrations).toBe(0);
    expect(metrics.completion_time_s).toBeCloseTo(1500, 9);
  });

  it("a failure during a replay adds its node to the local recovery, which restarts", () => {
    // Replay at 1 GB/s of 1 GB/s of messages: as long as the age. node[1] at 170 s: restart 190–210 s, replay 210–240 s;
    // node[2] at 220 s (in the window): both restart 240–270 s (2 GB + 10 s), replay 60 s to 330 s; the job resumes at age 30 s.
    const log = { log: { window: "1h", message_rate: "1GB/s", replay_rate: "1GB/s" } };
    const { metrics, records } = runJob({ faults: [failStop("node[1]", "170s"), failStop("node[2]", "220s")], config: log });
    expect(records.some((r) => r.event === "replay-interrupted")).toBe(true);
    expect(metrics.log_replays).toBe(2);
    expect(metrics.full_rollbacks).toBe(0);
    expect(metrics.lost_work_s).toBeCloseTo(15, 9);
    expect(metrics.completion_time_s).toBeCloseTo(1400 + (330 - 170), 9);
  });

  it("adaptive: after a failure τ is Daly's with M = elapsed time / failures observed", () => {
    // A stated M of 1000 d gives one segment of all the work; node[1] fails at 170 s, the restart ends at 240 s,
    // and the next interval is Daly's for δ = 40 s and M = 240 s / 1.
    const { records } = runJob({ faults: [failStop("node[1]", "170s")], config: { interval: "adaptive", tau: undefined, mtbf: "1000d" } });
    const next = records.find((r) => r.event === "checkpoint-start")!;
    expect(next.t).toBeCloseTo(240 + dalyInterval(40, 240), 9);
  });

  it("a checkpoint the storage fails is retried: after another interval, or for the final one after a detection period", () => {
    // The disk fails at 1370 s, during the final checkpoint (1360–1400 s), and is back at 1390 s; retries every 7 s
    // fail at 1377 s and 1384 s, the one at 1391 s is written by 1431 s.
    const disk = { type: "fail-stop", name: "disk-down", target: "disk", at: "1370s" };
    const { metrics } = runJob({ faults: [disk], config: { detection: "7s" } });
    expect(metrics.checkpoint_failures).toBe(3);
    expect(metrics.checkpoints).toBe(10);
    expect(metrics.completion_time_s).toBeCloseTo(1391 + 40, 9);
    // Mid-run: the disk fails at 120 s, during the first checkpoint; the job computes on (120–220 s) and checkpoints after
    // 200 s of work (220–260 s), then 8 segments: 20 s of checkpoint wasted, one checkpoint fewer.
    const early = runJob({ faults: [{ ...disk, at: "120s" }] });
    expect(early.metrics.checkpoint_failures).toBe(1);
    expect(early.metrics.lost_work_s).toBe(0);
    expect(early.metrics.checkpoints).toBe(9);
    expect(early.metrics.completion_time_s).toBeCloseTo(260 + 8 * 140, 9);
  });
});
