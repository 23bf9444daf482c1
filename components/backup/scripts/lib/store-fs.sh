# shellcheck shell=bash
# Filesystem destination. Atomicity comes from rename(2) within one directory; temp files are hidden
# (leading dot) so listings never see them, and sweeping removes those a killed run left behind.

readonly FS_DEBRIS_MINUTES=1440

fs_init() {
  FS_ROOT="${BACKUP_DESTINATION#file://}"
  FS_ROOT="${FS_ROOT%/}"
  [ -d "${FS_ROOT}" ] || die "${EX_DESTINATION}" "backup destination ${FS_ROOT} is not a directory (volume not mounted?); mount the backup volume there or fix BACKUP_DESTINATION"
  local probe
  probe="$(mktemp "${FS_ROOT}/.probe.XXXXXX" 2>/dev/null)" || die "${EX_DESTINATION}" "backup destination ${FS_ROOT} is not writable by uid $(id -u); fix the volume's permissions (fsGroup) or mount it read-write"
  rm -f -- "${probe}"
}

fs_put() {
  local src="$1" final="${FS_ROOT}/$2" dir tmp err="${WORK_DIR}/fs-put.err"
  dir="$(dirname "${final}")"
  tmp="${dir}/.$(basename "${final}").partial.$$"
  mkdir -p -- "${dir}" 2>"${err}" || die "${EX_DESTINATION}" "cannot create ${dir}: $(stderr_excerpt "${err}")"
  if ! cp -- "${src}" "${tmp}" 2>"${err}"; then
    rm -f -- "${tmp}"
    die "${EX_DESTINATION}" "writing $2 to ${FS_ROOT} failed: $(stderr_excerpt "${err}"); check free space and the volume"
  fi
  if [ "$(size_of "${tmp}")" != "$(size_of "${src}")" ]; then
    rm -f -- "${tmp}"
    die "${EX_DESTINATION}" "writing $2 to ${FS_ROOT} stored $(size_of "${tmp}") of $(size_of "${src}") bytes; check free space and the volume"
  fi
  # Data reaches the disk before the name does, so a crash cannot leave a complete-looking empty file.
  sync -- "${tmp}" 2>/dev/null || sync
  mv -f -- "${tmp}" "${final}"
}

fs_get() {
  local err="${WORK_DIR}/fs-get.err"
  cp -- "${FS_ROOT}/$1" "$2" 2>"${err}" || die "${EX_DESTINATION}" "reading $1 from ${FS_ROOT} failed: $(stderr_excerpt "${err}")"
}

fs_exists() { [ -f "${FS_ROOT}/$1" ]; }

fs_list() {
  local prefix="${1%/}"
  [ -d "${FS_ROOT}/${prefix}" ] || return 0
  (cd "${FS_ROOT}" && find "${prefix}" -type f ! -name '.*' -print)
}

fs_delete() { rm -f -- "${FS_ROOT}/$1"; }

fs_sweep() {
  find "${FS_ROOT}" -type f -name '.*.partial.*' -mmin "+${FS_DEBRIS_MINUTES}" -print -delete |
    while IFS= read -r path; do log "removed debris of an interrupted write: ${path}"; done
}
