#!/usr/bin/env bash
# Restores one backup (a named id or the latest) of RESTORE_DATABASE into RESTORE_TARGET_DATABASE,
# which must be empty (or is created with RESTORE_CREATE_DATABASE=true), then checks every table's row
# count and checksum against the manifest. Interface: components/backup/scripts/README.md.
set -euo pipefail
LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/lib" && pwd)"
# shellcheck source=lib/common.sh
source "${LIB_DIR}/common.sh"
# shellcheck source=lib/restore.sh
source "${LIB_DIR}/restore.sh"

require_env RESTORE_DATABASE RESTORE_TARGET_DATABASE
validate_db_name "${RESTORE_DATABASE}"
case "${RESTORE_CREATE_DATABASE:-false}" in
  true | false) ;;
  *) die "${EX_CONFIG}" "RESTORE_CREATE_DATABASE=${RESTORE_CREATE_DATABASE} must be true or false" ;;
esac
load_encryption_key
init_work_dir
store_init

fetch_verified "${RESTORE_DATABASE}" "${RESTORE_BACKUP_ID:-latest}" "${WORK_DIR}"

target="${RESTORE_TARGET_DATABASE}"
if ! database_exists "${target}"; then
  [ "${RESTORE_CREATE_DATABASE:-false}" = "true" ] ||
    die "${EX_CONFIG}" "target database ${target} does not exist; create it, or set RESTORE_CREATE_DATABASE=true"
  create_database "${target}"
  log "created database ${target}"
fi
require_empty_database "${target}"

started="$(date +%s)"
restore_into "${target}" "${WORK_DIR}/object" "${FETCHED_ITERATIONS}"
log "restored ${FETCHED_ID} into ${target} in $(($(date +%s) - started))s; comparing tables with the manifest"
if ! differences="$(compare_with_manifest "${WORK_DIR}/manifest" "${target}")"; then
  die "${EX_VERIFY}" "restored ${target} differs from backup ${FETCHED_ID}: ${differences//$'\n'/; }"
fi
log "restore of ${FETCHED_ID} into ${target} verified: $(manifest_table_stats "${WORK_DIR}/manifest" | wc -l) tables match their row counts and checksums"
