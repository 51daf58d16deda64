#!/usr/bin/env bash
# Regenerates ci/baseline.json, the regression baseline that .ci/run checks
# with `ftsim check --baseline ci/baseline.json` (docs/ci.md).
#
# Run it after a change that is meant to change the results (a model fix, a
# new scenario, a changed scenario) and commit the new baseline with that
# change; `git diff ci/baseline.json` then shows which metrics moved.
#
# Every scenarios/*.yaml is recorded with its own seed and replications,
# except those in EXCLUDE (too slow for CI: keep the whole check under 60 s).
set -euo pipefail
cd "$(dirname "$0")/.."

# Scenarios left out of the gate, e.g. (scenarios/big-cluster.yaml).
EXCLUDE=()
# Tolerances recorded in the baseline, e.g. (--tolerance 'mttr_s=+5%').
# None: any statistically significant worsening fails (docs/ci.md).
SETTINGS=()

files=()
for f in scenarios/*.yaml; do
  skip=0
  for x in "${EXCLUDE[@]}"; do [[ "$f" == "$x" ]] && skip=1; done
  [[ $skip == 0 ]] && files+=("$f")
done

ftsim() { node --import tsx src/cli/main.ts "$@"; }

mkdir -p ci
ftsim baseline "${files[@]}" --out ci/baseline.json "${SETTINGS[@]}"
# The check must pass against what was just recorded (every difference 0), and fast enough for CI.
start=$SECONDS
ftsim check --baseline ci/baseline.json --format markdown > /dev/null
echo "ftsim check against ci/baseline.json passed in $((SECONDS - start)) s (keep it under 60 s)"
