#!/usr/bin/env bash
# Backs up each database in BACKUP_DATABASES (BACKUP_KIND=sqlite: each named SQLite file, lib/sqlite.sh): pg_dump | gzip | openssl aes-256-cbc (PBKDF2) to the
# destination's daily/ tier, plus weekly/ and monthly/ for the first backup of an ISO week or month;
# then writes the manifest and finally moves latest/<db>. Interface: components/backup/scripts/README.md.
set -euo pipefail
LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/lib" && pwd)"
# shellcheck source=lib/common.sh
source "${LIB_DIR}/common.sh"
# shellcheck source=lib/dump.sh
source "${LIB_DIR}/dump.sh"

# promote_if_first TIER DB ID OBJECT MANIFEST: a tier keeps the first backup of each of its periods.
promote_if_first() {
  local tier="$1" db="$2" id="$3" period existing other
  period="$(period_of "${tier}" "$(id_stamp "${id}")")"
  existing="$(ids_in_tier "${tier}" "${db}")"
  for other in ${existing}; do
    [ "$(period_of "${tier}" "$(id_stamp "${other}")")" != "${period}" ] || return 0
  done
  store_put "$4" "$(object_key "${tier}" "${db}" "${id}")"
  store_put "$5" "$(manifest_key "${tier}" "${db}" "${id}")"
  log "${id} is the first backup of ${tier} period ${period}: also stored under ${tier}/"
}

backup_one() {
  local db="$1" started id dir extensions
  started="$(date +%s)"
  id="$(backup_id "${db}" "$(utc_stamp)")"
  if store_exists "$(manifest_key daily "${db}" "${id}")"; then
    die "${EX_CONFIG}" "backup ${id} already exists: another backup of ${db} ran in the same second; run the CronJob with concurrencyPolicy: Forbid"
  fi
  dir="${WORK_DIR}/${db}"
  mkdir -p "${dir}"
  log "backing up database ${db} as ${id} to $(store_describe)"

  dump_source "${db}" "${dir}/object" "${dir}/stats" "${ITERATIONS}"
  extensions="$(extensions_of "${db}")" || exit $?
  write_manifest "${dir}/manifest" "${id}" "${db}" "${dir}/object" "${ITERATIONS}" "${dir}/stats" "${extensions}"

  # Order matters: object, then its manifest (which makes it a restore candidate), then the pointer.
  store_put "${dir}/object" "$(object_key daily "${db}" "${id}")"
  store_put "${dir}/manifest" "$(manifest_key daily "${db}" "${id}")"
  promote_if_first weekly "${db}" "${id}" "${dir}/object" "${dir}/manifest"
  promote_if_first monthly "${db}" "${id}" "${dir}/object" "${dir}/manifest"
  store_put_text "$(latest_key "${db}")" "$(manifest_key daily "${db}" "${id}")"

  log "backup ${id} done: $(size_of "${dir}/object") bytes, sha256 $(sha256_of "${dir}/object"), $(wc -l <"${dir}/stats") tables, $(($(date +%s) - started))s"
  rm -rf -- "${dir}"
}

DATABASES_TEXT="$(database_list)"
mapfile -t DATABASES <<<"${DATABASES_TEXT}"
[ -n "${DATABASES_TEXT}" ] || die "${EX_CONFIG}" "BACKUP_DATABASES lists no database"
ITERATIONS="$(positive_int BACKUP_PBKDF2_ITERATIONS "${DEFAULT_PBKDF2_ITERATIONS}" 10000)"
table_stats_mode >/dev/null
backup_kind >/dev/null
init_work_dir
load_encryption_key
store_init
run_per_database backup_one "${DATABASES[@]}"
