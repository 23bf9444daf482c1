#!/usr/bin/env bash
# Benchmark (not a test): wall time of the whole unit suite, and evaluation time of the prod stack under mocks.
set -euo pipefail
# shellcheck source=scripts/node-env.sh
source "$(dirname "$0")/node-env.sh"
cd "${PROJECT_ROOT}"
start=$(date +%s.%N)
TEST_SUITE_NAME=unit npx mocha --config tests/.mocharc.json 'tests/unit/**/*.test.ts' >/tmp/bench-unit.log 2>&1 || { tail -20 /tmp/bench-unit.log; exit 1; }
end=$(date +%s.%N)
echo "unit suite: $(tail -1 /tmp/bench-unit.log); wall $(awk -v a="${start}" -v b="${end}" 'BEGIN{printf "%.1f", b-a}') s"
for stack in ${BENCH_STACKS:-prod dev}; do
  npx ts-node --transpile-only tools/bench-mocks.ts "${stack}" "${BENCH_RUNS:-5}"
done
