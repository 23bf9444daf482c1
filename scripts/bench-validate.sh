#!/usr/bin/env bash
# Time of `npm run validate -- <target>` (default prod) as a user runs it: N runs, each run's wall and CPU (user+sys,
# children included) time, and the medians. On a shared machine the wall time follows the load; CPU time does not.
# Usage: scripts/bench-validate.sh [target] [runs]
set -euo pipefail
# shellcheck source=scripts/node-env.sh
source "$(dirname "$0")/node-env.sh"
cd "${PROJECT_ROOT}"
target="${1:-prod}"
runs="${2:-7}"
walls=()
cpus=()
TIMEFORMAT='%R %U %S'
for _ in $(seq "${runs}"); do
  read -r wall user sys < <({ time npm run --silent validate -- "${target}" >/dev/null; } 2>&1)
  walls+=("$(awk -v w="${wall}" 'BEGIN { printf "%d", w * 1000 }')")
  cpus+=("$(awk -v u="${user}" -v s="${sys}" 'BEGIN { printf "%d", (u + s) * 1000 }')")
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
echo "validate ${target}: wall (ms) ${walls[*]}; median wall $(median "${walls[@]}") ms, median CPU $(median "${cpus[@]}") ms; load average $(cut -d' ' -f1-3 /proc/loadavg)"
