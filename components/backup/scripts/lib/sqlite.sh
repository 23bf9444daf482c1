# shellcheck shell=bash
# SQLite files as backup sources (BACKUP_KIND=sqlite). `sqlite3 .backup` copies a live database through
# SQLite's online backup API, holding its locks, so a service writing the file at the same time neither
# blocks nor tears the copy (a plain `cp` of a database in WAL mode can). The copy, not the live file, is
# what gets counted, checksummed, compressed and encrypted: the manifest describes exactly the backup.
#   BACKUP_SQLITE_FILES   "name=/path/to/file.db ..." (space/comma-separated); BACKUP_DATABASES lists the names
#   BACKUP_SQLITE_BUSY_MS how long .backup waits for a writer's lock, default 30000

# sqlite_file_of NAME: the file BACKUP_SQLITE_FILES gives for NAME, else EX_CONFIG.
sqlite_file_of() {
  local entry
  for entry in ${BACKUP_SQLITE_FILES//,/ }; do
    if [ "${entry%%=*}" = "$1" ]; then
      [[ "${entry#*=}" == /* ]] || die "${EX_CONFIG}" "BACKUP_SQLITE_FILES entry ${entry}: the path must be absolute"
      printf '%s' "${entry#*=}"
      return 0
    fi
  done
  die "${EX_CONFIG}" "BACKUP_SQLITE_FILES has no entry for ${1}; add ${1}=/path/to/file.db"
}

# sqlite_quote_ident NAME: NAME as an SQL identifier.
sqlite_quote_ident() { printf '"%s"' "${1//\"/\"\"}"; }

# sqlite_table_stats FILE OUT: "rows<TAB>checksum<TAB>main.table" per user table, sorted like table_stats.
# The checksum is the first 64 bits of the sha256 of the table's rows rendered as SQL literals, sorted:
# order-independent like the PostgreSQL one, and it sees every value including BLOBs and NULLs.
sqlite_table_stats() {
  local file="$1" out="$2" table rows sum err="${WORK_DIR}/sqlite-stats.err"
  : >"${out}.unsorted"
  while IFS= read -r table; do
    [ -n "${table}" ] || continue
    rows="$(sqlite3 -readonly -bail "${file}" "SELECT count(*) FROM $(sqlite_quote_ident "${table}");" 2>"${err}")" ||
      die "${EX_DATABASE}" "counting rows of ${table} in ${file} failed: $(stderr_excerpt "${err}")"
    if [ "${BACKUP_TABLE_STATS:-checksum}" = "count" ]; then
      sum="-"
    else
      sum="$(sqlite3 -readonly -bail -cmd ".mode quote" "${file}" "SELECT * FROM $(sqlite_quote_ident "${table}");" 2>"${err}" |
        LC_ALL=C sort | sha256sum | cut -c1-16)" ||
        die "${EX_DATABASE}" "checksumming ${table} in ${file} failed: $(stderr_excerpt "${err}")"
    fi
    printf '%s\t%s\tmain.%s\n' "${rows}" "${sum}" "${table}" >>"${out}.unsorted"
  done < <(sqlite3 -readonly -bail "${file}" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name;" 2>"${err}" ||
    die "${EX_DATABASE}" "listing the tables of ${file} failed: $(stderr_excerpt "${err}")")
  sort -t$'\t' -k3 "${out}.unsorted" >"${out}"
  rm -f -- "${out}.unsorted"
}

# sqlite_integrity FILE: PRAGMA integrity_check must answer exactly "ok".
sqlite_integrity() {
  local answer
  answer="$(sqlite3 -readonly -bail "$1" "PRAGMA integrity_check;" 2>&1)" || true
  [ "${answer}" = "ok" ] || die "${EX_VERIFY}" "PRAGMA integrity_check of $1 did not answer ok: ${answer:0:300}"
}

# dump_sqlite NAME OBJECT_FILE STATS_FILE ITERATIONS
dump_sqlite() {
  local name="$1" object="$2" stats="$3" iterations="$4" file snapshot err statuses
  # die inside $(...) leaves only the substitution, and run_per_database runs this where set -e is off.
  file="$(sqlite_file_of "${name}")" || exit $?
  snapshot="${WORK_DIR}/${name}.snapshot.db"
  err="${WORK_DIR}/${name}.sqlite.err"
  # sqlite3 would create an empty database at a wrong path and back that up: a missing file is an error.
  [ -f "${file}" ] || die "${EX_DATABASE}" "SQLite file ${file} of ${name} does not exist; check the service's volume mount and BACKUP_SQLITE_FILES"
  sqlite3 -bail "${file}" ".timeout ${BACKUP_SQLITE_BUSY_MS:-30000}" ".backup '${snapshot//\'/\'\'}'" 2>"${err}" ||
    die "${EX_DATABASE}" "sqlite3 .backup of ${file} failed: $(stderr_excerpt "${err}")"
  sqlite_integrity "${snapshot}"
  sqlite_table_stats "${snapshot}" "${stats}"
  set +e
  gzip -c -6 <"${snapshot}" | encrypt_stream "${iterations}" >"${object}" 2>"${err}"
  statuses=("${PIPESTATUS[@]}")
  set -e
  rm -f -- "${snapshot}"
  [ "${statuses[0]}" -eq 0 ] || die 1 "gzip failed while compressing the copy of ${file}; check free space in BACKUP_WORK_DIR"
  [ "${statuses[1]}" -eq 0 ] || die 1 "openssl failed while encrypting the copy of ${file}: $(stderr_excerpt "${err}"); check free space in BACKUP_WORK_DIR"
}

# restore_sqlite_file OBJECT ITERATIONS TARGET: decrypts into TARGET.partial, checks integrity, renames,
# so TARGET either is a whole, sound database or does not exist.
restore_sqlite_file() {
  local object="$1" iterations="$2" target="$3" err="${WORK_DIR}/sqlite-restore.err" statuses
  set +e
  decrypt_stream "${iterations}" <"${object}" 2>"${err}" | gzip -dc >"${target}.partial" 2>>"${err}"
  statuses=("${PIPESTATUS[@]}")
  set -e
  if [ "${statuses[0]}" -ne 0 ] || [ "${statuses[1]}" -ne 0 ]; then
    rm -f -- "${target}.partial"
    die "${EX_DECRYPT}" "decrypting or decompressing the backup broke off mid-stream ($(stderr_excerpt "${err}")); ${target} was not written"
  fi
  sqlite_integrity "${target}.partial"
  mv -- "${target}.partial" "${target}"
}
