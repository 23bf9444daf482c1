#!/usr/bin/env bash
# Smoke tests after `pulumi up`: every public health URL of the stack (output healthUrls: [{service, url}]) must
# answer 2xx within the retry budget. Writes a table to $GITHUB_STEP_SUMMARY when set; exits 1 when any URL fails.
# Usage: smoke-test.sh <stack-outputs.json>   Env: SMOKE_ATTEMPTS (default 10), SMOKE_DELAY_SECONDS (default 6).
set -euo pipefail

outputs="${1:?usage: smoke-test.sh <stack-outputs.json>}"
attempts="${SMOKE_ATTEMPTS:-10}"
delay="${SMOKE_DELAY_SECONDS:-6}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"

mapfile -t targets < <(jq -r '(.healthUrls // [])[] | "\(.service) \(.url)"' "${outputs}")
if [ "${#targets[@]}" -eq 0 ]; then
  echo "no public health URL in the stack outputs: nothing to smoke-test"
  exit 0
fi

failed=0
{
  echo "### Smoke tests"
  echo "| service | url | result |"
  echo "|---|---|---|"
} >> "${summary}"
for target in "${targets[@]}"; do
  service="${target%% *}"
  url="${target#* }"
  code="000"
  for ((i = 1; i <= attempts; i++)); do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "${url}" || true)"
    [[ "${code}" == 2* ]] && break
    [ "${i}" -lt "${attempts}" ] && sleep "${delay}"
  done
  if [[ "${code}" == 2* ]]; then
    echo "ok   ${service} ${url} (${code})"
    echo "| ${service} | ${url} | ok (${code}) |" >> "${summary}"
  else
    echo "FAIL ${service} ${url} (${code} after ${attempts} attempts)" >&2
    echo "| ${service} | ${url} | **failed** (${code}) |" >> "${summary}"
    failed=1
  fi
done
exit "${failed}"
