#!/usr/bin/env bash
# Restores one backup (a named id or the latest) of RESTORE_DATABASE into RESTORE_TARGET_DATABASE,
# which must be empty (or is created with RESTORE_CREATE_DATABASE=true), then checks every table's row
# count and checksum against the manifest. A SQLite backup is restored into the new file
# RESTORE_TARGET_FILE instead (then copied onto the service's volume with the service stopped).
# Interface: components/backup/scripts/README.md.
set -euo pipefail
LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/lib" && pwd)"
# shellcheck source=lib/common.sh
source "${LIB_DIR}/common.sh"
# shellcheck source=lib/restore.sh
source "${LIB_DIR}/restore.sh"

require_env RESTORE_DATABASE
[ -n "${RESTORE_TARGET_DATABASE:-}${RESTORE_TARGET_FILE:-}" ] ||
  die "${EX_CONFIG}" "set RESTORE_TARGET_DATABASE (PostgreSQL backups) or RESTORE_TARGET_FILE (SQLite backups)"
validate_db_name "${RESTORE_DATABASE}"
case "${RESTORE_CREATE_DATABASE:-false}" in
  true | false) ;;
  *) die "${EX_CONFIG}" "RESTORE_CREATE_DATABASE=${RESTORE_CREATE_DATABASE} must be true or false" ;;
esac
load_encryption_key
init_work_dir
store_init

fetch_verified "${RESTORE_DATABASE}" "${RESTORE_BACKUP_ID:-latest}" "${WORK_DIR}"

if [ "$(manifest_optional "${WORK_DIR}/manifest" kind postgres)" = "sqlite" ]; then
  target="${RESTORE_TARGET_FILE:-}"
  [ -n "${target}" ] || die "${EX_CONFIG}" "${FETCHED_ID} is a SQLite backup: set RESTORE_TARGET_FILE to a new file path"
  [ ! -e "${target}" ] || die "${EX_CONFIG}" "RESTORE_TARGET_FILE ${target} exists; restore into a new path (never over the live file)"
  restore_sqlite_file "${WORK_DIR}/object" "${FETCHED_ITERATIONS}" "${target}"
  if ! differences="$(compare_with_manifest "${WORK_DIR}/manifest" "${target}")"; then
    rm -f -- "${target}"
    die "${EX_VERIFY}" "restored ${target} differs from backup ${FETCHED_ID}: ${differences//$'\n'/; }"
  fi
  log "restore of ${FETCHED_ID} into ${target} verified: integrity ok, $(manifest_table_stats "${WORK_DIR}/manifest" | wc -l) tables match their row counts and checksums"
  exit 0
fi
[ -n "${RESTORE_TARGET_DATABASE:-}" ] || die "${EX_CONFIG}" "${FETCHED_ID} is a PostgreSQL backup: set RESTORE_TARGET_DATABASE"

target="${RESTORE_TARGET_DATABASE}"
if ! database_exists "${target}"; then
  [ "${RESTORE_CREATE_DATABASE:-false}" = "true" ] ||
    die "${EX_CONFIG}" "target database ${target} does not exist; create it, or set RESTORE_CREATE_DATABASE=true"
  create_database "${target}"
  log "created database ${target}"
fi
require_empty_database "${target}"

started="$(date +%s)"
restore_into "${target}" "${WORK_DIR}/object" "${FETCHED_ITERATIONS}" "${WORK_DIR}/manifest"
log "restored ${FETCHED_ID} into ${target} in $(($(date +%s) - started))s; comparing tables with the manifest"
if ! differences="$(compare_with_manifest "${WORK_DIR}/manifest" "${target}")"; then
  die "${EX_VERIFY}" "restored ${target} differs from backup ${FETCHED_ID}: ${differences//$'\n'/; }"
fi
log "restore of ${FETCHED_ID} into ${target} verified: $(manifest_table_stats "${WORK_DIR}/manifest" | wc -l) tables match their row counts and checksums"
