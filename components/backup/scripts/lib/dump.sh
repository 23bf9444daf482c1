# shellcheck shell=bash
# Dumps one backup source into an encrypted file plus its table stats. BACKUP_KIND picks the source:
#   postgres (default)  pg_dump of a database; stats from the very snapshot pg_dump used: a psql session
#                       exports a REPEATABLE READ snapshot, pg_dump attaches to it, and the same session
#                       then counts and checksums the tables, so the manifest describes exactly the dumped data
#   sqlite              `sqlite3 .backup` of a file (lib/sqlite.sh)

# shellcheck source=sqlite.sh
source "${LIB_DIR}/sqlite.sh"

readonly STATS_END_MARKER="__prod_stack_table_stats_end__"

# backup_kind: BACKUP_KIND validated.
backup_kind() {
  case "${BACKUP_KIND:-postgres}" in
    postgres | sqlite) printf '%s' "${BACKUP_KIND:-postgres}" ;;
    *) die "${EX_CONFIG}" "BACKUP_KIND=${BACKUP_KIND} must be 'postgres' or 'sqlite'" ;;
  esac
}

# dump_source NAME OBJECT_FILE STATS_FILE ITERATIONS: by BACKUP_KIND.
dump_source() {
  case "$(backup_kind)" in
    postgres) dump_database "$@" ;;
    sqlite) dump_sqlite "$@" ;;
  esac
}

# engine_version: what made the dump, for the manifest.
engine_version() {
  case "$(backup_kind)" in
    postgres) pg_dump --version ;;
    sqlite) printf 'sqlite3 %s' "$(sqlite3 --version | cut -d' ' -f1)" ;;
  esac
}

# extensions_of DB: installed extensions, comma-separated (a restore of TimescaleDB needs to know).
extensions_of() {
  [ "$(backup_kind)" = "postgres" ] || return 0
  local err="${WORK_DIR}/$1.extensions.err"
  psql "${PSQL_MACHINE[@]}" -d "$1" -c "SELECT coalesce(string_agg(extname, ',' ORDER BY extname), '') FROM pg_extension" 2>"${err}" ||
    die "${EX_DATABASE}" "listing the extensions of $1 failed: $(stderr_excerpt "${err}")"
}

# session_send TEXT: write to the snapshot session; EPIPE (session died) becomes a return code.
session_send() {
  local status=0
  trap '' PIPE
  printf '%s' "$1" >&"${SNAPSHOT_SESSION_IN}" || status=$?
  trap - PIPE
  return "${status}"
}

# dump_database DB OBJECT_FILE STATS_FILE ITERATIONS
dump_database() {
  local db="$1" object="$2" stats="$3" iterations="$4"
  local session_err="${WORK_DIR}/${db}.session.err" dump_err="${WORK_DIR}/${db}.pg_dump.err"
  local enc_err="${WORK_DIR}/${db}.openssl.err" snapshot="" line statuses
  coproc SNAPSHOT_SESSION { exec psql "${PSQL_MACHINE[@]}" -v stats_mode="$(table_stats_mode)" -d "${db}" 2>"${session_err}"; }
  SNAPSHOT_SESSION_IN="${SNAPSHOT_SESSION[1]}"
  # shellcheck disable=SC2153  # SNAPSHOT_SESSION_PID is set by coproc
  local session_out="${SNAPSHOT_SESSION[0]}" session_pid="${SNAPSHOT_SESSION_PID}"

  session_send $'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;\nSELECT pg_export_snapshot();\n' || true
  read -r snapshot <&"${session_out}" || true
  [ -n "${snapshot}" ] || die "${EX_DATABASE}" "cannot connect to database ${db} at ${PGHOST:-local socket}:${PGPORT:-5432} as ${PGUSER:-$(id -un)}: $(stderr_excerpt "${session_err}"); check PGHOST/PGPORT, the password secret and pg_hba/security groups"

  set +e
  pg_dump -w --format=plain --snapshot="${snapshot}" -d "${db}" 2>"${dump_err}" | gzip -c -6 | encrypt_stream "${iterations}" >"${object}" 2>"${enc_err}"
  statuses=("${PIPESTATUS[@]}")
  set -e
  [ "${statuses[0]}" -eq 0 ] || die "${EX_DATABASE}" "pg_dump of ${db} failed: $(stderr_excerpt "${dump_err}")"
  [ "${statuses[1]}" -eq 0 ] || die 1 "gzip failed while compressing the dump of ${db}; check free space in BACKUP_WORK_DIR"
  [ "${statuses[2]}" -eq 0 ] || die 1 "openssl failed while encrypting the dump of ${db}: $(stderr_excerpt "${enc_err}"); check free space in BACKUP_WORK_DIR"

  { table_stats_sql; printf '\\echo %s\n' "${STATS_END_MARKER}"; } >"${WORK_DIR}/${db}.stats.sql"
  session_send "\\i ${WORK_DIR}/${db}.stats.sql"$'\n' || true
  : >"${stats}.unsorted"
  while IFS= read -r line <&"${session_out}"; do
    [ "${line}" = "${STATS_END_MARKER}" ] && break
    printf '%s\n' "${line}" >>"${stats}.unsorted"
  done
  [ "${line:-}" = "${STATS_END_MARKER}" ] || die "${EX_DATABASE}" "counting rows of ${db} inside the dump's snapshot failed: $(stderr_excerpt "${session_err}")"
  sort -t$'\t' -k3 "${stats}.unsorted" >"${stats}"
  session_send $'COMMIT;\n\\q\n' || true
  exec {SNAPSHOT_SESSION_IN}>&-
  wait "${session_pid}" || die "${EX_DATABASE}" "the snapshot session on ${db} ended with an error: $(stderr_excerpt "${session_err}")"
}
