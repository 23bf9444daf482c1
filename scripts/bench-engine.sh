#!/usr/bin/env bash
# Times previews through the real engine (scripts/engine.sh: Automation API, file backend), median of N runs each:
#   empty        tests/e2e/fixtures/empty-program: the same engine, host and plugins, one resource per plugin
#   dev          the dev stack without the policy pack
#   dev+policy   the dev stack with the policy pack (policies/config/dev.json), as `npm run preview -- dev` runs
#   policy:check the in-process pack over the dev stack under mocks (`npm run policy:check -- --stack dev`)
# and prints the ratios: program cost (dev+policy / empty), pack overhead (dev+policy / dev), in-process check
# against the engine (policy:check / dev+policy). Results also go to .bench/engine-<date>.txt.
# Usage: scripts/bench-engine.sh [runs]   (default 5; one warm-up run per case is not counted)
set -euo pipefail
# shellcheck source=scripts/node-env.sh
source "$(dirname "$0")/node-env.sh"
cd "${PROJECT_ROOT}"
runs="${1:-5}"

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
PULUMI_CONFIG_PASSPHRASE="$(head -c 18 /dev/urandom | base64)"
export PULUMI_CONFIG_PASSPHRASE

# $1 case name: runs it once, quietly, in its own backend.
run_case() {
  export PULUMI_BACKEND_URL="file://${work}/state-$1"
  mkdir -p "${work}/state-$1"
  case "$1" in
    empty) bash scripts/engine.sh preview dev --no-policy --program tests/e2e/fixtures/empty-program/index.ts ;;
    dev) bash scripts/engine.sh preview dev --no-policy --render-dir "${work}/render" ;;
    dev+policy) bash scripts/engine.sh preview dev --render-dir "${work}/render" ;;
    policy:check) node --require ts-node/register/transpile-only tools/policy-check.ts --stack dev ;;
  esac >/dev/null 2>"${work}/last-stderr" || { echo "bench-engine: case $1 failed:" >&2; tail -n 20 "${work}/last-stderr" >&2; exit 1; }
}

# Median wall seconds of $runs runs of a case, after one warm-up.
median_of() {
  local times=() start
  run_case "$1"
  for _ in $(seq "${runs}"); do
    start=$(date +%s%N)
    run_case "$1"
    times+=("$(( ($(date +%s%N) - start) / 1000000 ))")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.2f", m / 1000}'
}

mkdir -p .bench
report=".bench/engine-$(date +%Y%m%d-%H%M%S).txt"
declare -A median
{
  echo "pulumi $("$(node -p "require('./tools/engine/paths').cliRoot()" -r ts-node/register/transpile-only)/bin/pulumi" version), ${runs} runs per case, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  for c in empty dev dev+policy policy:check; do
    median[${c}]="$(median_of "${c}")"
    printf '%-13s median %ss\n' "${c}" "${median[${c}]}"
  done
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
  echo "program cost     dev+policy / empty      = $(ratio "${median[dev+policy]}" "${median[empty]}")"
  echo "pack overhead    dev+policy / dev        = $(ratio "${median[dev+policy]}" "${median[dev]}")"
  echo "in-process check policy:check / dev+policy = $(ratio "${median[policy:check]}" "${median[dev+policy]}")"
} | tee "${report}"
echo "bench-engine: written to ${report}" >&2
