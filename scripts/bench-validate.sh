#!/usr/bin/env bash
# Wall time of `npm run validate -- <target>` (default prod), as a user runs it: N runs, prints each and the median.
# Usage: scripts/bench-validate.sh [target] [runs]
set -euo pipefail
source "$(dirname "$0")/node-env.sh"
cd "${PROJECT_ROOT}"
target="${1:-prod}"
runs="${2:-7}"
times=()
for _ in $(seq "${runs}"); do
  start=$(date +%s%N)
  npm run --silent validate -- "${target}" >/dev/null
  end=$(date +%s%N)
  times+=("$(( (end - start) / 1000000 ))")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(printf '%s\n' "${sorted}" | sed -n "$(( (runs + 1) / 2 ))p")
echo "validate ${target}: runs (ms) ${times[*]}; median ${median} ms"
