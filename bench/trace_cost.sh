#!/usr/bin/env bash
# The cost of writing a trace: a year of baseline.toml (its 10 replications, every core) with no
# output, then with --trace summary, patients and events. Runs the four in turn REPEATS times (so
# that a slow minute on a shared machine hits them all alike) and prints each one's median wall
# time, its extra time against no output, and the file size.
#
#   bash bench/trace_cost.sh [CAREFLOW] [REPEATS]     (defaults: build/release/careflow, 7)
set -euo pipefail
cd "$(dirname "$0")/.."
careflow=${1:-build/release/careflow}
repeats=${2:-7}
scenario=scenarios/baseline.toml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
levels=(none summary patients events)

seconds_of() {  # wall time of one run at the given level
  local level=$1 start end
  local args=(run "$scenario")
  if [[ $level != none ]]; then
    rm -f "$work/$level.h5"
    args+=(--out "$work/$level.h5" --trace "$level")
  fi
  start=$(date +%s.%N)
  "$careflow" "${args[@]}" >/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN {print b - a}'
}

for _ in $(seq "$repeats"); do
  for level in "${levels[@]}"; do
    seconds_of "$level" >>"$work/$level.times"
  done
done

median() { sort -g "$1" | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
base=$(median "$work/none.times")
printf '%-10s %8s %9s %12s\n' level seconds extra size
printf '%-10s %8.3f %9s %12s\n' none "$base" - -
for level in summary patients events; do
  awk -v level="$level" -v s="$(median "$work/$level.times")" -v b="$base" \
      -v size="$(stat -c %s "$work/$level.h5")" \
      'BEGIN {printf "%-10s %8.3f %8.1f%% %8.1f MiB\n", level, s, 100 * (s - b) / b, size / 1048576}'
done
