#!/usr/bin/env bash
# Pre-deploy database backup (guide 004: back up before every deploy): runs each backup CronJob of the namespace once,
# as a Job, and waits for it. A failed or timed-out backup stops the deploy.
# Usage: pre-deploy-backup.sh <namespace>   Env: BACKUP_TIMEOUT (default 3600s), KUBECTL (default kubectl).
set -euo pipefail

namespace="${1:?usage: pre-deploy-backup.sh <namespace>}"
timeout="${BACKUP_TIMEOUT:-3600s}"
kubectl="${KUBECTL:-kubectl}"
stamp="$(date -u +%Y%m%d%H%M%S)"

mapfile -t cronjobs < <("${kubectl}" get cronjobs -n "${namespace}" -l app.kubernetes.io/component=backup -o 'jsonpath={range .items[*]}{.metadata.name}{"\n"}{end}')
if [ "${#cronjobs[@]}" -eq 0 ] || [ -z "${cronjobs[0]}" ]; then
  echo "no backup CronJob in ${namespace} (backups off or first deploy): nothing to back up"
  exit 0
fi

for cronjob in "${cronjobs[@]}"; do
  # Job names are at most 63 characters; the timestamp keeps reruns apart.
  job="$(printf '%s' "${cronjob:0:40}" | sed 's/-*$//')-predeploy-${stamp}"
  echo "backing up with ${cronjob} as job ${job}"
  "${kubectl}" create job -n "${namespace}" --from="cronjob/${cronjob}" "${job}"
  if ! "${kubectl}" wait -n "${namespace}" --for=condition=complete --timeout="${timeout}" "job/${job}"; then
    echo "::error::pre-deploy backup ${job} did not complete: the deploy stops here" >&2
    "${kubectl}" logs -n "${namespace}" "job/${job}" --all-containers --tail=50 >&2 || true
    exit 1
  fi
  echo "pre-deploy backup ${job} complete"
done
