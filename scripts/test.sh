#!/usr/bin/env bash
# The project's test command (README): type-check, then every suite in its own process, since
# Pulumi's mock runtime is process-global. Prints one "N passed, N failed" line at the end.
# Usage: scripts/test.sh [suite...]   suites: unit cli policies scripts tooling cluster e2e (default: all)
set -euo pipefail

known_suites=(unit cli policies scripts tooling cluster e2e)
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=("${known_suites[@]}")
# A misspelt suite would otherwise pass as "no tests": refuse it before anything is installed or run.
for suite in "${suites[@]}"; do
  case " ${known_suites[*]} " in
    *" ${suite} "*) ;;
    *) echo "test.sh: unknown suite '${suite}'; known suites: ${known_suites[*]}" >&2; exit 2 ;;
  esac
done

# shellcheck source=scripts/node-env.sh
source "$(dirname "$0")/node-env.sh"
cd "${PROJECT_ROOT}"

# The suites that need servers or Go-built tools get them first (a no-op when they are there).
case " ${suites[*]} " in
  *" scripts "* | *" tooling "* | *" policies "* | *" e2e "*) bash scripts/setup-test-tools.sh ;;
esac
case " ${suites[*]} " in
  *" cluster "*) bash scripts/install-cluster-tools.sh ;;
esac

summary="$(mktemp)"
typecheck_log="$(mktemp)"
typecheck_pid=""
trap '[ -z "${typecheck_pid}" ] || kill "${typecheck_pid}" 2>/dev/null || true; rm -f "${summary}" "${typecheck_log}"' EXIT
export TEST_SUMMARY_FILE="${summary}"
status=0

# The type-check shares nothing with the suites, so it runs beside them (on a second core) and reports after them.
# The build-info file lets a re-run check only what changed since the last one.
echo "== typecheck (tsc --noEmit, strict, incremental): running beside the suites"
tsc --noEmit -p tsconfig.json --incremental --tsBuildInfoFile .tools/tsc/typecheck.tsbuildinfo >"${typecheck_log}" 2>&1 &
typecheck_pid=$!

# Caches under .tools/lint: a re-run checks only the files that changed since the last one.
echo "== lint (eslint, prettier --check)"
if ! eslint --cache --cache-location .tools/lint/eslint-cache --max-warnings 0 . ||
  ! prettier --check --log-level warn --cache --cache-location .tools/lint/prettier-cache "**/*.{ts,js,mjs}"; then
  echo "lint failed (npm run format fixes the formatting)"; status=1
fi

for suite in "${suites[@]}"; do
  dir="tests/${suite}"
  if [ ! -d "${dir}" ] || [ -z "$(find "${dir}" -name '*.test.ts' -print -quit)" ]; then
    echo "== ${suite}: no tests"; continue
  fi
  echo "== ${suite}"
  TEST_SUITE_NAME="${suite}" mocha --config tests/.mocharc.json "${dir}/**/*.test.ts" || status=1
done

echo "== typecheck"
if wait "${typecheck_pid}"; then
  echo "typecheck passed"
else
  cat "${typecheck_log}"; echo "typecheck failed"; status=1
fi
typecheck_pid=""

read -r passed failed skipped < <(awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}' "${summary}")
[ "${status}" -eq 0 ] || [ "${failed}" -gt 0 ] || failed=$((failed + 1))  # a typecheck or crash counts
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "${status}"
