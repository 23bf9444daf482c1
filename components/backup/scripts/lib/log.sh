# shellcheck shell=bash
# shellcheck disable=SC2034  # constants for the scripts that source this file
# Logging and exit codes shared by the backup scripts. Exit codes are an interface: the CronJob's
# alerting and the runbooks tell failures apart by them, so never renumber one.

readonly EX_CONFIG=2       # missing or invalid setting (key, destination, database list)
readonly EX_DESTINATION=3  # backup destination unreachable, or a read/write on it failed
readonly EX_DATABASE=4     # PostgreSQL unreachable, or pg_dump / the restore's SQL failed
readonly EX_INTEGRITY=5    # stored object does not match its manifest (size or sha256), or manifest unreadable
readonly EX_DECRYPT=6      # object intact but the key does not decrypt it
readonly EX_VERIFY=7       # restored data differs from the manifest, or a sanity query failed
readonly EX_NOT_FOUND=8    # no backup with that id, or no backup at all for that database

SCRIPT_NAME="$(basename "$0" .sh)"

# Timestamped lines on stderr: the job's logs are the audit trail, stdout stays free for data.
log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${SCRIPT_NAME}" "$*" >&2; }

# die CODE MESSAGE: MESSAGE names the cause and the fix.
die() {
  local code="$1"
  shift
  printf '%s %s: ERROR: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${SCRIPT_NAME}" "$*" >&2
  exit "${code}"
}

# require_env NAME...: every missing variable is reported at once.
require_env() {
  local name missing=()
  for name in "$@"; do
    [ -n "${!name:-}" ] || missing+=("${name}")
  done
  [ ${#missing[@]} -eq 0 ] || die "${EX_CONFIG}" "required environment variable(s) not set: ${missing[*]} (see components/backup/scripts/README.md)"
}

# First lines of a captured stderr file, on one line, for error messages.
stderr_excerpt() { [ -s "$1" ] && head -c 600 "$1" | tr '\n' ' ' || printf 'no error output'; }
