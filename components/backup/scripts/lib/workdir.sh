# shellcheck shell=bash
# A private scratch directory per run and cleanup steps that run on every exit, failure included.
# Dumps are staged here before upload: size BACKUP_WORK_DIR's volume (an emptyDir) for the largest
# compressed dump.

CLEANUP_STEPS=()

# on_exit COMMAND: run COMMAND (a string, eval'd) at exit, newest first.
on_exit() { CLEANUP_STEPS=("$1" "${CLEANUP_STEPS[@]}"); }

run_cleanup() {
  local status=$? step
  for step in "${CLEANUP_STEPS[@]}"; do
    eval "${step}" || log "cleanup step failed: ${step}"
  done
  exit "${status}"
}
trap run_cleanup EXIT
# A killed job (activeDeadlineSeconds, node drain) still cleans up what it can.
trap 'exit 143' TERM
trap 'exit 130' INT

init_work_dir() {
  local base="${BACKUP_WORK_DIR:-${TMPDIR:-/tmp}}"
  if [ ! -d "${base}" ] || [ ! -w "${base}" ]; then
    die "${EX_CONFIG}" "BACKUP_WORK_DIR=${base} is not a writable directory; mount an emptyDir there"
  fi
  WORK_DIR="$(mktemp -d "${base}/${SCRIPT_NAME}.XXXXXX")"
  chmod 700 "${WORK_DIR}"
  # shellcheck disable=SC2016  # expanded when the step runs
  on_exit 'rm -rf -- "${WORK_DIR}"'
}
