# shellcheck shell=bash
# shellcheck disable=SC2034  # constants for the scripts that source this file
# Object key layout under the destination. The tier is the first path segment so that bucket lifecycle
# rules can expire each tier by prefix (daily/ weekly/ monthly/) as a backstop to retention.sh:
#   <tier>/<db>/<db>-<YYYYMMDDTHHMMSSZ>.sql.gz.enc   encrypted, gzipped plain-SQL dump
#   <tier>/<db>/<db>-<YYYYMMDDTHHMMSSZ>.manifest     size, sha256, cipher, per-table row counts and checksums
#   latest/<db>                                      key of the newest good manifest; moves only after success
# A backup id is "<db>-<stamp>"; the same id may sit in several tiers (the first backup of an ISO week or
# month is also written to weekly/ or monthly/).

readonly TIERS=(daily weekly monthly)
readonly OBJECT_SUFFIX=".sql.gz.enc"
readonly MANIFEST_SUFFIX=".manifest"
readonly STAMP_PATTERN='^[0-9]{8}T[0-9]{6}Z$'

# Database names become path segments; anything outside this set could escape or collide.
validate_db_name() {
  [[ "$1" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] || die "${EX_CONFIG}" "database name '$1' cannot be used in a backup key; only letters, digits, '_', '.', '-' are allowed"
}

utc_stamp() { date -u +%Y%m%dT%H%M%SZ; }
backup_id() { printf '%s-%s' "$1" "$2"; }
id_stamp() { printf '%s' "${1##*-}"; }
object_key() { printf '%s/%s/%s%s' "$1" "$2" "$3" "${OBJECT_SUFFIX}"; }
manifest_key() { printf '%s/%s/%s%s' "$1" "$2" "$3" "${MANIFEST_SUFFIX}"; }
latest_key() { printf 'latest/%s' "$1"; }

# stamp_iso 20260102T030405Z -> 2026-01-02T03:04:05Z (a form GNU date parses)
stamp_iso() {
  local s="$1"
  printf '%s-%s-%sT%s:%s:%sZ' "${s:0:4}" "${s:4:2}" "${s:6:2}" "${s:9:2}" "${s:11:2}" "${s:13:2}"
}
stamp_epoch() { date -u -d "$(stamp_iso "$1")" +%s; }

# period_of TIER STAMP: the calendar bucket a tier keeps one backup of (UTC day, ISO week, month).
period_of() {
  case "$1" in
    daily) printf '%s' "${2:0:8}" ;;
    weekly) date -u -d "$(stamp_iso "$2")" +%G-W%V ;;
    monthly) printf '%s' "${2:0:6}" ;;
    *) die 1 "unknown tier '$1'" ;;
  esac
}

# ids_in_tier TIER DB: ids that have a manifest (i.e. completed backups), newest first.
ids_in_tier() {
  local key name
  store_list "$1/$2/" | while IFS= read -r key; do
    name="${key##*/}"
    [[ "${name}" == *"${MANIFEST_SUFFIX}" ]] || continue
    name="${name%"${MANIFEST_SUFFIX}"}"
    if [[ "$(id_stamp "${name}")" =~ ${STAMP_PATTERN} ]] && [ "${name%-*}" = "$2" ]; then
      printf '%s\n' "${name}"
    fi
  done | sort -r
}
