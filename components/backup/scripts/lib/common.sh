# shellcheck shell=bash
# Loaded first by every entry script: strict mode is set by the caller, this pulls in the library in
# dependency order and sets libpq defaults suited to a batch job.

# shellcheck source=log.sh
source "${LIB_DIR}/log.sh"
# shellcheck source=workdir.sh
source "${LIB_DIR}/workdir.sh"
# shellcheck source=key.sh
source "${LIB_DIR}/key.sh"
# shellcheck source=crypto.sh
source "${LIB_DIR}/crypto.sh"
# shellcheck source=layout.sh
source "${LIB_DIR}/layout.sh"
# shellcheck source=store.sh
source "${LIB_DIR}/store.sh"
# shellcheck source=manifest.sh
source "${LIB_DIR}/manifest.sh"
# shellcheck source=table-stats.sh
source "${LIB_DIR}/table-stats.sh"

# An unreachable server should fail the job in seconds, not hang until activeDeadlineSeconds.
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"
export PGAPPNAME="${PGAPPNAME:-prod-stack-${SCRIPT_NAME}}"

# positive_int NAME DEFAULT MIN: value of env NAME (or DEFAULT), an integer >= MIN, else EX_CONFIG.
positive_int() {
  local value="${!1:-$2}"
  if ! [[ "${value}" =~ ^[0-9]+$ ]] || [ "${value}" -lt "$3" ]; then
    die "${EX_CONFIG}" "$1=${value} must be an integer >= $3"
  fi
  printf '%s' "${value}"
}

# run_per_database FUNCTION DB...: runs FUNCTION once per database in a subshell, so one database's
# failure neither stops the others nor hides: the exit code is the last failure's, and the summary
# names every database that failed.
run_per_database() {
  local fn="$1" db status=0 failed=()
  shift
  for db in "$@"; do
    if ("${fn}" "${db}"); then :; else
      status=$?
      failed+=("${db}")
    fi
  done
  [ ${#failed[@]} -eq 0 ] || die "${status}" "${SCRIPT_NAME} failed for database(s): ${failed[*]} (causes above)"
}

# database_list: BACKUP_DATABASES split on spaces/commas, each validated.
database_list() {
  require_env BACKUP_DATABASES
  local db
  for db in ${BACKUP_DATABASES//,/ }; do
    validate_db_name "${db}"
    printf '%s\n' "${db}"
  done
}
