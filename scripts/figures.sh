#!/bin/sh
# Regenerates the figures under docs/img/ from the scenarios in scenarios/:
# a sweep, bars of design variants, a histogram and an ECDF of per-replication
# values, a timeline of one replication's trace, the heartbeat timeout
# trade-off of ras-fallback, standby-node's downtime against the predictor's
# recall, redundancy-group's load concentration, raid-rebuild's rebuild time
# of classic and declustered RAID, checkpoint's waste against its interval
# (Young's and Daly's marked), and a screenshot of the HTML report. Every
# figure is a real run; the same commit gives the same PNGs.
#
#   npm run figures                              # from the repository root
#   FTSIM="node dist/cli/main.js" sh scripts/figures.sh   # with a built CLI
#
# Needs /usr/bin/chromium for the report screenshot (apt-get install chromium).
set -eu
cd "$(dirname "$0")/.."
FTSIM=${FTSIM:-"node --import tsx src/cli/main.ts"}
IMG=docs/img
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$IMG"

ftsim() {
  echo "+ ftsim $*" >&2
  $FTSIM "$@"
}

# Results: a grid sweep, named variants, a plain run, a trace.
ftsim sweep scenarios/sweep-repair.yaml --format json --out "$TMP/sweep.json"
ftsim sweep scenarios/variants-standby.yaml --format json --out "$TMP/variants.json"
ftsim run scenarios/quickstart.yaml --format json --out "$TMP/quickstart.json"
ftsim trace scenarios/hardware-tour.yaml --out "$TMP/trace.jsonl"
ftsim sweep scenarios/ras-fallback-timeout.yaml --format json --out "$TMP/ras-timeout.json"
ftsim sweep scenarios/standby-node-recall.yaml --format json --out "$TMP/recall.json"
ftsim sweep scenarios/redundancy-group-placement.yaml --format json --out "$TMP/placement.json"
ftsim sweep scenarios/live-migration.yaml --format json --out "$TMP/live-migration.json"
ftsim trace scenarios/live-migration.yaml --horizon 1d --components 'cloud/*' --out "$TMP/live-migration.jsonl"
ftsim sweep scenarios/raid-rebuild.yaml --format json --out "$TMP/raid-rebuild.json"
ftsim sweep scenarios/checkpoint-interval.yaml --format json --out "$TMP/checkpoint-interval.json"

# Charts (PNG at 2x; the same commands with .svg or .vl.json give the other formats).
ftsim chart "$TMP/sweep.json" --kind sweep --metric availability --out "$IMG/sweep-availability.png"
ftsim chart "$TMP/variants.json" --kind bars --metric availability --out "$IMG/bars-availability.png"
ftsim chart "$TMP/quickstart.json" --kind distribution --metric mttr_s --out "$IMG/distribution-mttr.png"
ftsim chart "$TMP/variants.json" --kind distribution --style ecdf --metric downtime_s --out "$IMG/ecdf-downtime.png"
ftsim chart "$TMP/trace.jsonl" --kind timeline --out "$IMG/timeline.png"
ftsim chart "$TMP/ras-timeout.json" --kind sweep --metric ras.false_takeovers --out "$IMG/ras-false-takeovers.png"
ftsim chart "$TMP/ras-timeout.json" --kind sweep --metric ras.detection_latency_s --out "$IMG/ras-detection-latency.png"
ftsim chart "$TMP/recall.json" --kind sweep --metric downtime_s --out "$IMG/standby-node-recall.png"
ftsim chart "$TMP/placement.json" --kind bars --metric storage.max_actives_per_node --out "$IMG/redundancy-group-placement.png"
ftsim chart "$TMP/live-migration.json" --kind distribution --style ecdf --metric cloud.blackout_s --point on-first-ue --point proactive --out "$IMG/live-migration-blackout.png"
ftsim chart "$TMP/live-migration.jsonl" --kind timeline --out "$IMG/live-migration-timeline.png"

# self-migration: the moves of one replication (objects, their hosts' processors, the service).
ftsim trace scenarios/self-migration.yaml --components 'service,cpu*,mig.*' --events 'down,up,slow,predicted,degraded,migrated,refuse,failed,precursor' --out "$TMP/self-migration.jsonl"
ftsim chart "$TMP/self-migration.jsonl" --kind timeline --out "$IMG/self-migration-timeline.png"
ftsim chart "$TMP/raid-rebuild.json" --kind bars --metric raid.rebuild_time_s --out "$IMG/raid-rebuild-time.png"
ftsim chart "$TMP/checkpoint-interval.json" --kind sweep --metric job.waste_fraction --mark job.young_interval_s --mark job.daly_interval_s --out "$IMG/checkpoint-interval-waste.png"

# fileserver-failover: RPO against the snapshot interval.
ftsim sweep scenarios/fileserver-failover.yaml --format json --out "$TMP/fileserver.json"
ftsim chart "$TMP/fileserver.json" --kind sweep --metric share.rpo_s --out "$IMG/fileserver-rpo.png"

# cloud-dr: the recovery curve (servers running against the time since the disaster).
ftsim sweep scenarios/cloud-dr.yaml --format json --out "$TMP/cloud-dr.json"
ftsim chart "$TMP/cloud-dr.json" --kind sweep --metric dr.servers_recovered --out "$IMG/cloud-dr-recovery.png"

# The HTML report, opened in headless Chromium.
ftsim report "$TMP/quickstart.json" --out "$TMP/report.html"
echo "+ screenshot $IMG/report.png" >&2
node --import tsx scripts/screenshot.ts "$TMP/report.html" "$IMG/report.png"

ls -l "$IMG"
