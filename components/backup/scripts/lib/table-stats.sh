# shellcheck shell=bash
# Per-table row count and content checksum, computed the same way at backup time (inside pg_dump's
# snapshot) and after a restore, so the two can be compared table by table.
# The checksum is the sum of the first 64 bits of md5(row text) over all rows: order-independent and
# constant-memory, so it scales to large tables where an ordered string_agg would not. Settings that
# change a row's text form are pinned first.
# BACKUP_TABLE_STATS=checksum (default) | count: "count" skips hashing for very large databases.

# Which tables: ordinary and partitioned tables outside system schemas, not partitions (their parent
# covers them), not extension members (pg_dump does not dump those), not TimescaleDB internals.
table_stats_sql() {
  cat <<'SQL'
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET extra_float_digits = 1;
SET bytea_output = 'hex';
SELECT format('SELECT count(*), %s, %L FROM %I.%I AS r',
              CASE WHEN :'stats_mode' = 'count' THEN '''-'''
                   ELSE 'coalesce(sum((''x'' || left(md5(ROW(r.*)::text), 16))::bit(64)::bigint), 0)' END,
              format('%I.%I', n.nspname, c.relname), n.nspname, c.relname)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname NOT LIKE '\_timescaledb%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname
\gexec
SQL
}

table_stats_mode() {
  case "${BACKUP_TABLE_STATS:-checksum}" in
    checksum | count) printf '%s' "${BACKUP_TABLE_STATS:-checksum}" ;;
    *) die "${EX_CONFIG}" "BACKUP_TABLE_STATS=${BACKUP_TABLE_STATS} must be 'checksum' or 'count'" ;;
  esac
}

# psql options for machine-readable output: unaligned, tuples only, tab-separated, stop on error.
readonly PSQL_MACHINE=(-X -q -A -t -F $'\t' -v ON_ERROR_STOP=1)

# table_stats DB OUT_FILE: stats of DB as it is now (used after a restore).
table_stats() {
  local err="${WORK_DIR}/table-stats.err"
  table_stats_sql | psql "${PSQL_MACHINE[@]}" -v stats_mode="$(table_stats_mode)" -d "$1" 2>"${err}" | sort -t$'\t' -k3 >"$2" ||
    die "${EX_DATABASE}" "computing row counts and checksums in database $1 failed: $(stderr_excerpt "${err}")"
}
