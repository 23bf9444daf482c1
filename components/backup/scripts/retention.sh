#!/usr/bin/env bash
# Applies grandfather-father-son retention per database: the newest backup of each of the newest
# BACKUP_KEEP_DAILY days in daily/, BACKUP_KEEP_WEEKLY ISO weeks in weekly/, BACKUP_KEEP_MONTHLY months in
# monthly/ (defaults 7/4/12, the health agent guide's policy). Counting periods that have backups, not
# calendar days, means backups that stopped arriving are never aged out by this script; the backup the
# latest/ pointer names is never deleted. Interface: components/backup/scripts/README.md.
set -euo pipefail
LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/lib" && pwd)"
# shellcheck source=lib/common.sh
source "${LIB_DIR}/common.sh"

# Objects without a manifest are debris of an interrupted run once they are this old.
readonly ORPHAN_AGE_SECONDS=86400

# Daily copies are the floor (at least one); weekly and monthly tiers may be switched off with 0.
keep_count() {
  case "$1" in
    daily) positive_int BACKUP_KEEP_DAILY 7 1 ;;
    weekly) positive_int BACKUP_KEEP_WEEKLY 4 0 ;;
    monthly) positive_int BACKUP_KEEP_MONTHLY 12 0 ;;
  esac
}

delete_key() {
  if [ "${DRY_RUN}" = "true" ]; then
    log "dry run: would delete $1"
  else
    store_delete "$1"
    log "deleted $1"
  fi
}

# Databases named in BACKUP_DATABASES, else every database that has backups at the destination.
retention_databases() {
  if [ -n "${BACKUP_DATABASES:-}" ]; then
    database_list
    return 0
  fi
  local tier listing
  for tier in "${TIERS[@]}"; do
    listing="$(store_list "${tier}/")"
    [ -z "${listing}" ] || cut -d/ -f2 <<<"${listing}"
  done | sort -u
}

# prune_tier TIER DB PROTECTED_ID
prune_tier() {
  local tier="$1" db="$2" protected="$3" keep ids id period kept_periods=0 kept=0 deleted=0
  local -A kept_period=()
  keep="$(keep_count "${tier}")"
  ids="$(ids_in_tier "${tier}" "${db}")"
  for id in ${ids}; do
    period="$(period_of "${tier}" "$(id_stamp "${id}")")"
    if [ -z "${kept_period[${period}]:-}" ] && [ "${kept_periods}" -lt "${keep}" ]; then
      kept_period[${period}]=1
      kept_periods=$((kept_periods + 1))
      kept=$((kept + 1))
    elif [ "${id}" = "${protected}" ]; then
      log "keeping ${tier}/${id} beyond the ${tier} policy: latest/${db} points to it"
      kept=$((kept + 1))
    else
      # Manifest first: from that moment the object is debris, never a half-deleted candidate.
      delete_key "$(manifest_key "${tier}" "${db}" "${id}")"
      delete_key "$(object_key "${tier}" "${db}" "${id}")"
      deleted=$((deleted + 1))
    fi
  done
  log "${tier}/${db}: kept ${kept}, deleted ${deleted} (policy: newest backup of each of the newest ${keep} periods)"
}

# prune_orphans TIER DB: objects whose manifest never got written (run killed between the two).
prune_orphans() {
  local tier="$1" db="$2" key name id now listing
  now="$(date -u +%s)"
  listing="$(store_list "${tier}/${db}/")"
  while IFS= read -r key; do
    name="${key##*/}"
    [[ "${name}" == *"${OBJECT_SUFFIX}" ]] || continue
    id="${name%"${OBJECT_SUFFIX}"}"
    store_exists "$(manifest_key "${tier}" "${db}" "${id}")" && continue
    [[ "$(id_stamp "${id}")" =~ ${STAMP_PATTERN} ]] || continue
    if [ $((now - $(stamp_epoch "$(id_stamp "${id}")"))) -gt "${ORPHAN_AGE_SECONDS}" ]; then
      delete_key "${key}"
    fi
  done <<<"${listing}"
}

retain_one() {
  local db="$1" protected="" tier
  if store_exists "$(latest_key "${db}")"; then
    protected="$(store_get_text "$(latest_key "${db}")")"
    protected="${protected##*/}"
    protected="${protected%"${MANIFEST_SUFFIX}"}"
  fi
  for tier in "${TIERS[@]}"; do
    prune_tier "${tier}" "${db}" "${protected}"
    prune_orphans "${tier}" "${db}"
  done
}

DRY_RUN="${BACKUP_RETENTION_DRY_RUN:-false}"
case "${DRY_RUN}" in true | false) ;; *) die "${EX_CONFIG}" "BACKUP_RETENTION_DRY_RUN=${DRY_RUN} must be true or false" ;; esac
for tier in "${TIERS[@]}"; do keep_count "${tier}" >/dev/null; done
init_work_dir
store_init
DATABASES_TEXT="$(retention_databases)"
if [ -z "${DATABASES_TEXT}" ]; then
  log "no backups at $(store_describe); nothing to do"
  exit 0
fi
mapfile -t DATABASES <<<"${DATABASES_TEXT}"
run_per_database retain_one "${DATABASES[@]}"
[ "${DRY_RUN}" = "true" ] || store_sweep
