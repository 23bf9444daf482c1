# shellcheck shell=bash
# Shared by restore.sh and verify-restore.sh: find a backup, prove it intact, restore it into an empty
# database in one transaction, and compare the result with the manifest table by table.
# Order of checks: manifest -> object size and sha256 -> key -> SQL. A truncated or corrupt object is
# rejected before a byte reaches the database; a wrong key is told apart from a damaged object.

# shellcheck source=sqlite.sh
source "${LIB_DIR}/sqlite.sh"

# psql against the maintenance database, for CREATE/DROP DATABASE and catalog look-ups.
psql_admin() { psql "${PSQL_MACHINE[@]}" -d "${RESTORE_MAINTENANCE_DATABASE:-postgres}" "$@"; }

# resolve_manifest_key DB BACKUP: BACKUP is an id (<db>-<stamp>) or "latest".
resolve_manifest_key() {
  local db="$1" backup="$2" pointer tier
  if [ "${backup}" = "latest" ]; then
    store_exists "$(latest_key "${db}")" ||
      die "${EX_NOT_FOUND}" "no backup of database ${db} in $(store_describe) (no latest/${db} pointer); run backup.sh first, or check BACKUP_DESTINATION"
    pointer="$(store_get_text "$(latest_key "${db}")")"
    [[ "${pointer}" =~ ^(daily|weekly|monthly)/${db}/${db}-[0-9]{8}T[0-9]{6}Z\.manifest$ ]] ||
      die "${EX_INTEGRITY}" "latest/${db} in $(store_describe) holds '${pointer}', not a manifest key; name a backup id instead (RESTORE_BACKUP_ID)"
    printf '%s' "${pointer}"
    return 0
  fi
  if [ "${backup%-*}" != "${db}" ] || ! [[ "$(id_stamp "${backup}")" =~ ${STAMP_PATTERN} ]]; then
    die "${EX_CONFIG}" "backup id '${backup}' is not of the form ${db}-YYYYMMDDTHHMMSSZ"
  fi
  for tier in "${TIERS[@]}"; do
    if store_exists "$(manifest_key "${tier}" "${db}" "${backup}")"; then
      manifest_key "${tier}" "${db}" "${backup}"
      return 0
    fi
  done
  die "${EX_NOT_FOUND}" "backup ${backup} not found in $(store_describe); available: $(ids_in_tier daily "${db}" | head -n 5 | tr '\n' ' ')"
}

# fetch_verified DB BACKUP DIR: leaves DIR/manifest and DIR/object, both verified; sets MANIFEST_KEY,
# FETCHED_ID and FETCHED_ITERATIONS.
fetch_verified() {
  local db="$1" dir="$3" object_key expected_size expected_sha actual_size actual_sha cipher
  MANIFEST_KEY="$(resolve_manifest_key "${db}" "$2")"
  store_get "${MANIFEST_KEY}" "${dir}/manifest"
  check_manifest_format "${dir}/manifest"
  [ "$(manifest_field "${dir}/manifest" database)" = "${db}" ] ||
    die "${EX_INTEGRITY}" "manifest ${MANIFEST_KEY} describes database '$(manifest_field "${dir}/manifest" database)', not ${db}"
  FETCHED_ID="$(manifest_field "${dir}/manifest" id)"
  object_key="$(dirname "${MANIFEST_KEY}")/$(manifest_field "${dir}/manifest" object)"
  store_exists "${object_key}" ||
    die "${EX_INTEGRITY}" "${object_key} is missing although its manifest exists; restore an older backup (RESTORE_BACKUP_ID)"
  store_get "${object_key}" "${dir}/object"

  expected_size="$(manifest_field "${dir}/manifest" size)"
  expected_sha="$(manifest_field "${dir}/manifest" sha256)"
  actual_size="$(size_of "${dir}/object")"
  actual_sha="$(sha256_of "${dir}/object")"
  if [ "${actual_size}" != "${expected_size}" ] || [ "${actual_sha}" != "${expected_sha}" ]; then
    die "${EX_INTEGRITY}" "checksum mismatch for ${object_key}: stored object has ${actual_size} bytes, sha256 ${actual_sha}; manifest says ${expected_size} bytes, sha256 ${expected_sha}. The object is truncated or corrupt and was not restored; restore an older backup (RESTORE_BACKUP_ID)"
  fi

  cipher="$(manifest_field "${dir}/manifest" cipher)"
  # shellcheck disable=SC2153  # CIPHER comes from crypto.sh
  [ "${cipher}" = "${CIPHER}" ] ||
    die "${EX_INTEGRITY}" "${FETCHED_ID} was encrypted with ${cipher}; this script decrypts ${CIPHER} only"
  FETCHED_ITERATIONS="$(manifest_field "${dir}/manifest" iterations)"
  key_opens "${dir}/object" "${FETCHED_ITERATIONS}" ||
    die "${EX_DECRYPT}" "the encryption key does not decrypt ${object_key} (its sha256 matches the manifest, so the object is intact): the key from ${OPENSSL_PASS_ARG%%:*}:${OPENSSL_PASS_ARG#*:} is not the one used on $(manifest_field "${dir}/manifest" created_at); use the key version current then (docs/runbooks/secret-rotation.md)"
  log "fetched ${FETCHED_ID} (${actual_size} bytes), sha256 verified against ${MANIFEST_KEY}"
}

database_exists() {
  local found
  found="$(printf "SELECT 1 FROM pg_database WHERE datname = :'name';\n" | psql_admin -v name="$1")" ||
    die "${EX_DATABASE}" "cannot query pg_database on ${PGHOST:-local socket}:${PGPORT:-5432}; check the connection settings"
  [ "${found}" = "1" ]
}

create_database() {
  local err="${WORK_DIR}/createdb.err"
  printf 'CREATE DATABASE :"name";\n' | psql_admin -v name="$1" 2>"${err}" ||
    die "${EX_DATABASE}" "CREATE DATABASE $1 failed: $(stderr_excerpt "${err}")"
}

drop_database() {
  local err="${WORK_DIR}/dropdb.err"
  printf 'DROP DATABASE IF EXISTS :"name" WITH (FORCE);\n' | psql_admin -v name="$1" 2>"${err}" ||
    die "${EX_DATABASE}" "DROP DATABASE $1 failed: $(stderr_excerpt "${err}")"
}

# require_empty_database DB: refuse to mix a restore with existing objects.
require_empty_database() {
  local count
  count="$(psql "${PSQL_MACHINE[@]}" -d "$1" -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p','v','m','S','f') AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg\_%'")" ||
    die "${EX_DATABASE}" "cannot inspect target database $1"
  [ "${count}" = "0" ] ||
    die "${EX_CONFIG}" "target database $1 already holds ${count} tables/views/sequences; restore into an empty database (a new name with RESTORE_CREATE_DATABASE=true), or drop it first"
}

# manifest_has_extension MANIFEST NAME: the dumped database had extension NAME installed.
manifest_has_extension() {
  [[ ",$(manifest_optional "$1" extensions "")," == *",$2,"* ]]
}

# restore_wrapper MANIFEST before|after: SQL around the dump. TimescaleDB must be told a restore is under
# way (its catalog rows arrive as plain INSERTs that its triggers would otherwise reject or duplicate),
# and only where the dump has the extension: the functions do not exist anywhere else.
restore_wrapper() {
  manifest_has_extension "$1" timescaledb || return 0
  case "$2" in
    before) printf 'CREATE EXTENSION IF NOT EXISTS timescaledb;\nSELECT timescaledb_pre_restore();\n' ;;
    after) printf 'SELECT timescaledb_post_restore();\n' ;;
  esac
}

# guard_scratch_server DB: a restore drill drops and recreates its scratch database; it must never run on
# the server that holds DB itself (the production primary). The drill's server is a scratch one that holds
# only what drills restore into it.
guard_scratch_server() {
  if database_exists "$1"; then
    die "${EX_CONFIG}" "the drill's server ${PGHOST:-local socket}:${PGPORT:-5432} holds database $1: it is the production server, not a scratch one; point PGHOST/PGPORT at a scratch PostgreSQL (the restore-verification CronJob runs one beside the drill)"
  fi
}

# restore_into DB OBJECT ITERATIONS MANIFEST: one transaction; COMMIT is sent only when decryption and
# decompression ran to the end, so a stream that breaks half-way rolls back instead of leaving half a database.
restore_into() {
  local db="$1" object="$2" iterations="$3" manifest="$4" statuses
  local dec_err="${WORK_DIR}/decrypt.err" sql_err="${WORK_DIR}/restore-sql.err" broken="${WORK_DIR}/stream-broken"
  rm -f -- "${broken}"
  set +e
  {
    printf 'BEGIN;\n'
    restore_wrapper "${manifest}" before
    if decrypt_stream "${iterations}" <"${object}" 2>"${dec_err}" | gzip -dc 2>>"${dec_err}"; then
      printf '\n'
      restore_wrapper "${manifest}" after
      printf 'COMMIT;\n'
    else
      : >"${broken}"
    fi
  } | psql -X -q -w -v ON_ERROR_STOP=1 -d "${db}" >/dev/null 2>"${sql_err}"
  statuses=("${PIPESTATUS[@]}")
  set -e
  # psql first: when it stops on an SQL error the producer dies of the closed pipe, which is not the cause.
  [ "${statuses[1]}" -eq 0 ] ||
    die "${EX_DATABASE}" "restoring into ${db} failed and was rolled back: $(stderr_excerpt "${sql_err}")"
  [ ! -e "${broken}" ] ||
    die "${EX_DECRYPT}" "decrypting or decompressing the backup broke off mid-stream ($(stderr_excerpt "${dec_err}")); nothing was committed to ${db}. A wrong key or an object damaged after its checksum was taken; try an older backup"
}

# compare_with_manifest MANIFEST DB: DB is a database, or for a sqlite manifest a file. Prints one line per difference; returns non-zero if any.
compare_with_manifest() {
  local manifest="$1" db="$2" expected="${WORK_DIR}/expected.stats" actual="${WORK_DIR}/actual.stats" diffs
  manifest_table_stats "${manifest}" >"${expected}"
  if [ "$(manifest_optional "${manifest}" kind postgres)" = "sqlite" ]; then
    BACKUP_TABLE_STATS="$(manifest_field "${manifest}" table_stats)" sqlite_table_stats "${db}" "${actual}"
  else
    BACKUP_TABLE_STATS="$(manifest_field "${manifest}" table_stats)" table_stats "${db}" "${actual}"
  fi
  diffs="$(awk -F'\t' '
    NR == FNR { rows[$3] = $1; sum[$3] = $2; next }
    { seen[$3] = 1
      if (!($3 in rows)) print "table " $3 ": restored but absent from the manifest"
      else if (rows[$3] != $1) print "table " $3 ": " rows[$3] " rows in the backup, " $1 " after restore"
      else if (sum[$3] != $2) print "table " $3 ": row checksum " sum[$3] " in the backup, " $2 " after restore" }
    END { for (t in rows) if (!(t in seen)) print "table " t ": in the backup but missing after restore" }
  ' "${expected}" "${actual}" | sort)"
  [ -z "${diffs}" ] && return 0
  printf '%s\n' "${diffs}"
  return 1
}
