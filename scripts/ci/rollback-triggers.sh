#!/usr/bin/env bash
# The rollback triggers of docs/runbooks/rollback.md, queried from Prometheus during the watch window after a deploy:
# HTTP error rate above ROLLBACK_ERROR_RATE_PERCENT (default 5) or p95 latency above ROLLBACK_P95_SECONDS (default
# 10) in the stack's namespace. Exits 0 when the window passes quietly, 2 as soon as a trigger fires (the reason on
# stdout and in $GITHUB_STEP_SUMMARY), 1 when Prometheus cannot be queried at all.
# Usage: rollback-triggers.sh <namespace>
# Env: PROMETHEUS_URL (required), ROLLBACK_WATCH_SECONDS (default 900), ROLLBACK_INTERVAL_SECONDS (default 60),
#      ROLLBACK_ERROR_RATE_QUERY / ROLLBACK_P95_QUERY to override the default PromQL (NS is replaced by the namespace).
set -euo pipefail

namespace="${1:?usage: rollback-triggers.sh <namespace>}"
prometheus="${PROMETHEUS_URL:?PROMETHEUS_URL is required}"
max_error="${ROLLBACK_ERROR_RATE_PERCENT:-5}"
max_p95="${ROLLBACK_P95_SECONDS:-10}"
watch="${ROLLBACK_WATCH_SECONDS:-900}"
interval="${ROLLBACK_INTERVAL_SECONDS:-60}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"

error_query="${ROLLBACK_ERROR_RATE_QUERY:-100 * sum(rate(http_requests_total{namespace=\"NS\",status=~\"5..\"}[5m])) / sum(rate(http_requests_total{namespace=\"NS\"}[5m]))}"
p95_query="${ROLLBACK_P95_QUERY:-histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{namespace=\"NS\"}[5m])))}"
error_query="${error_query//NS/${namespace}}"
p95_query="${p95_query//NS/${namespace}}"

# The scalar value of an instant query; empty when there is no sample (no traffic) or it is NaN.
query() {
  local body
  body="$(curl -sf --max-time 15 -G "${prometheus%/}/api/v1/query" --data-urlencode "query=$1")" || return 1
  # NaN (no requests in the window) is no signal; +Inf (every request beyond the largest bucket) is the worst latency.
  jq -r 'if .status != "success" then error("query failed") else (.data.result[0].value[1] // "") end
         | if . == "NaN" then "" elif . == "+Inf" then "1e308" else . end' <<< "${body}"
}

# above VALUE LIMIT: true when VALUE is a number strictly greater than LIMIT.
above() {
  [ -n "$1" ] && awk -v v="$1" -v l="$2" 'BEGIN { exit !(v + 0 > l + 0) }'
}

fire() {
  echo "rollback trigger: $1"
  {
    echo "### Rollback trigger fired"
    echo "$1"
  } >> "${summary}"
  exit 2
}

deadline=$(($(date +%s) + watch))
while :; do
  if ! error_rate="$(query "${error_query}")" || ! p95="$(query "${p95_query}")"; then
    echo "::error::cannot query Prometheus at ${prometheus}" >&2
    exit 1
  fi
  echo "$(date -u +%H:%M:%S) error rate ${error_rate:-n/a} % (limit ${max_error}), p95 ${p95:-n/a} s (limit ${max_p95})"
  above "${error_rate}" "${max_error}" && fire "HTTP error rate ${error_rate} % > ${max_error} % in ${namespace}"
  above "${p95}" "${max_p95}" && fire "p95 latency ${p95} s > ${max_p95} s in ${namespace}"
  [ "$(date +%s)" -ge "${deadline}" ] && break
  sleep "${interval}"
done
echo "no rollback trigger fired in ${watch} s"
echo "### Rollback triggers: none fired in the ${watch} s watch window" >> "${summary}"
