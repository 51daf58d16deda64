#!/bin/bash
# One ftsim shard per Slurm array task, then one merge job (docs/scale-out.md).
#   sbatch --array=1-16 deploy/slurm-shards.sh scenarios/raid-rebuild.yaml 16
#   sbatch --dependency=afterok:<array job id> --wrap 'ftsim merge parts/*.json --format json --out result.json'
#SBATCH --job-name=ftsim-shard
#SBATCH --cpus-per-task=2
#SBATCH --time=01:00:00
#SBATCH --output=logs/ftsim-%A_%a.log
set -euo pipefail
scenario=$1
shards=$2
mkdir -p parts
# Each task runs replications floor((i-1)R/n) .. floor(iR/n)-1 on its own cores;
# the merged result has the same bytes as one unsharded run.
ftsim run "$scenario" --shard "${SLURM_ARRAY_TASK_ID}/${shards}" --workers "${SLURM_CPUS_PER_TASK:-1}" \
  --format json --out "parts/part-${SLURM_ARRAY_TASK_ID}.json"
