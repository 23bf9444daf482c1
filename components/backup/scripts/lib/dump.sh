# shellcheck shell=bash
# Dumps one database into an encrypted file and computes its table stats from the very snapshot
# pg_dump used: a psql session exports a REPEATABLE READ snapshot, pg_dump attaches to it, and the same
# session then counts and checksums the tables, so the manifest describes exactly the dumped data.

readonly STATS_END_MARKER="__prod_stack_table_stats_end__"

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
