#!/usr/bin/env bash
# Benchmark (not a test): wall time of each in-process suite alone, of `scripts/test.sh` over them together (the
# incremental type-check included), and evaluation time of stacks under mocks against the raw-SDK floor.
# Env: BENCH_SUITES (default "unit policies"), BENCH_STACKS (default "prod dev"), BENCH_RUNS (default 5).
set -euo pipefail
# shellcheck source=scripts/node-env.sh
source "$(dirname "$0")/node-env.sh"
cd "${PROJECT_ROOT}"
read -r -a suites <<<"${BENCH_SUITES:-unit policies}"
log="$(mktemp)"
trap 'rm -f "${log}"' EXIT
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
for suite in "${suites[@]}"; do
  start=$(now)
  TEST_SUITE_NAME="${suite}" mocha --config tests/.mocharc.json "tests/${suite}/**/*.test.ts" >"${log}" 2>&1 || { tail -20 "${log}"; exit 1; }
  echo "${suite} suite alone: $(tail -1 "${log}"); wall $(elapsed "${start}") s"
done
start=$(now)
bash scripts/test.sh "${suites[@]}" >"${log}" 2>&1 || { tail -20 "${log}"; exit 1; }
echo "scripts/test.sh ${suites[*]} (type-check included): $(tail -1 "${log}"); wall $(elapsed "${start}") s"
for stack in ${BENCH_STACKS:-prod dev}; do
  node --require sucrase/register/ts tools/bench-mocks.ts "${stack}" "${BENCH_RUNS:-5}"
done
