# shellcheck shell=bash
# The manifest is written, after its object, only once the object is stored and verified: a backup
# without a manifest is debris, never a restore candidate. One "key<TAB>value" per line; per-table lines
# are "table<TAB>rows<TAB>checksum<TAB>schema.table" (see table-stats.sh).

readonly MANIFEST_FORMAT="prod-stack.io/backup-manifest/v1"

# write_manifest FILE ID DB OBJECT_FILE ITERATIONS TABLE_STATS_FILE EXTENSIONS (backup.sh only: the
# kind and engine version come from lib/dump.sh)
write_manifest() {
  local file="$1" id="$2" db="$3" object="$4" iterations="$5" stats="$6" extensions="${7:-}"
  {
    printf 'format\t%s\n' "${MANIFEST_FORMAT}"
    printf 'id\t%s\n' "${id}"
    printf 'database\t%s\n' "${db}"
    printf 'created_at\t%s\n' "$(stamp_iso "$(id_stamp "${id}")")"
    printf 'object\t%s%s\n' "${id}" "${OBJECT_SUFFIX}"
    printf 'size\t%s\n' "$(size_of "${object}")"
    printf 'sha256\t%s\n' "$(sha256_of "${object}")"
    printf 'compression\tgzip\n'
    printf 'cipher\t%s\n' "${CIPHER}"
    printf 'kdf\tpbkdf2-%s\n' "${KDF_DIGEST}"
    printf 'iterations\t%s\n' "${iterations}"
    printf 'kind\t%s\n' "$(backup_kind)"
    printf 'engine_version\t%s\n' "$(engine_version)"
    printf 'extensions\t%s\n' "${extensions}"
    printf 'table_stats\t%s\n' "${BACKUP_TABLE_STATS:-checksum}"
    sed 's/^/table\t/' "${stats}"
  } >"${file}"
}

# manifest_field FILE KEY: value, or EX_INTEGRITY when absent (a manifest is all-or-nothing).
manifest_field() {
  local value
  value="$(awk -F'\t' -v k="$2" '$1 == k { print $2; exit }' "$1")"
  [ -n "${value}" ] || die "${EX_INTEGRITY}" "manifest ${MANIFEST_KEY:-$1} has no '$2' field; it is damaged or not one of ours"
  printf '%s' "${value}"
}

# manifest_optional FILE KEY DEFAULT: for fields older manifests lack (kind, extensions).
manifest_optional() {
  local value
  value="$(awk -F'\t' -v k="$2" '$1 == k { print $2; exit }' "$1")"
  printf '%s' "${value:-$3}"
}

# manifest_table_stats FILE: the per-table lines without their tag, sorted by table name.
manifest_table_stats() { awk -F'\t' -v OFS='\t' '$1 == "table" { print $2, $3, $4 }' "$1" | sort -t$'\t' -k3; }

check_manifest_format() {
  local format
  format="$(awk -F'\t' '$1 == "format" { print $2; exit }' "$1")"
  [ "${format}" = "${MANIFEST_FORMAT}" ] || die "${EX_INTEGRITY}" "manifest ${MANIFEST_KEY:-$1} has format '${format}', expected ${MANIFEST_FORMAT}; it is damaged or was written by an incompatible version"
}
