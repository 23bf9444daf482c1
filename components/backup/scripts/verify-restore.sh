#!/usr/bin/env bash
# Restore drill, run as a CronJob: for each database in BACKUP_DATABASES, restores the latest backup
# into a scratch database, compares every table's row count and checksum with the manifest, checks that
# the tables named in VERIFY_NONEMPTY_TABLES have rows, and drops the scratch database whatever happened.
# A non-zero exit names each failure; the job's failure is what raises the alert.
# The drill's server (PGHOST) is a scratch PostgreSQL, never the production primary: the script refuses a
# server that holds the database being drilled. SQLite backups are drilled into a scratch file instead
# (integrity_check, then the same comparison), needing no server at all.
# Interface: components/backup/scripts/README.md.
set -euo pipefail
LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/lib" && pwd)"
# shellcheck source=lib/common.sh
source "${LIB_DIR}/common.sh"
# shellcheck source=lib/restore.sh
source "${LIB_DIR}/restore.sh"

readonly SCRATCH_PREFIX="${VERIFY_SCRATCH_PREFIX:-restore_verify_}"

# nonempty_tables_for DB: entries of VERIFY_NONEMPTY_TABLES ("db:schema.table" or "schema.table" for
# every database; a bare table name means schema SCHEMA: public, or main for SQLite) that apply to DB,
# as schema.table. Usage: nonempty_tables_for DB SCHEMA
nonempty_tables_for() {
  local entry table
  for entry in ${VERIFY_NONEMPTY_TABLES:-}; do
    if [[ "${entry}" == *:* ]]; then
      [ "${entry%%:*}" = "$1" ] || continue
      table="${entry#*:}"
    else
      table="${entry}"
    fi
    [[ "${table}" == *.* ]] || table="$2.${table}"
    printf '%s\n' "${table}"
  done
}

verify_one() {
  local db="$1" dir="${WORK_DIR}/$1" scratch failures=() table rows differences
  scratch="${SCRATCH_PREFIX}${db}"
  scratch="${scratch:0:63}"
  # The scratch database is dropped on every path out of this subshell; never let it be a real one.
  if [ "${scratch}" = "${db}" ] || grep -qxF -- "${scratch}" <<<"${DATABASES_TEXT}"; then
    die "${EX_CONFIG}" "scratch database name ${scratch} is one of BACKUP_DATABASES; set VERIFY_SCRATCH_PREFIX to a prefix no real database uses"
  fi
  mkdir -p "${dir}"
  fetch_verified "${db}" latest "${dir}"

  if [ "$(manifest_optional "${dir}/manifest" kind postgres)" = "sqlite" ]; then
    scratch="${dir}/scratch.db"
    restore_sqlite_file "${dir}/object" "${FETCHED_ITERATIONS}" "${scratch}"
  else
    guard_scratch_server "${db}"
    drop_database "${scratch}"
    trap 'drop_database "'"${scratch}"'" && log "dropped scratch database '"${scratch}"'"' EXIT
    create_database "${scratch}"
    restore_into "${scratch}" "${dir}/object" "${FETCHED_ITERATIONS}" "${dir}/manifest"
  fi

  if ! differences="$(compare_with_manifest "${dir}/manifest" "${scratch}")"; then
    mapfile -t -O "${#failures[@]}" failures <<<"${differences}"
  fi
  while IFS= read -r table; do
    [ -n "${table}" ] || continue
    rows="$(awk -F'\t' -v t="${table}" '$3 == t { print $1 }' "${WORK_DIR}/actual.stats")"
    if [ -z "${rows}" ]; then
      failures+=("table ${table}: listed in VERIFY_NONEMPTY_TABLES but not in the restored database")
    elif [ "${rows}" -eq 0 ]; then
      failures+=("table ${table}: has 0 rows after restore, VERIFY_NONEMPTY_TABLES requires rows")
    fi
  done <<<"$(nonempty_tables_for "${db}" "$([ "$(manifest_optional "${dir}/manifest" kind postgres)" = "sqlite" ] && echo main || echo public)")"

  if [ ${#failures[@]} -gt 0 ]; then
    printf '%s\n' "${failures[@]}" | sed "s/^/verify ${FETCHED_ID}: /" >&2
    die "${EX_VERIFY}" "restore drill of ${FETCHED_ID} failed ${#failures[@]} check(s) (listed above)"
  fi
  log "restore drill of ${FETCHED_ID} passed: $(wc -l <"${WORK_DIR}/actual.stats") tables match the manifest, required tables have rows"
}

DATABASES_TEXT="$(database_list)"
[ -n "${DATABASES_TEXT}" ] || die "${EX_CONFIG}" "BACKUP_DATABASES lists no database"
mapfile -t DATABASES <<<"${DATABASES_TEXT}"
load_encryption_key
init_work_dir
store_init
run_per_database verify_one "${DATABASES[@]}"
