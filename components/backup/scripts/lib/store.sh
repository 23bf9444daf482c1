# shellcheck shell=bash
# Backup destination: a directory (filesystem target: a PersistentVolume or NFS mount) or an S3 /
# S3-compatible bucket prefix. Keys are relative paths such as daily/app/app-20260101T020000Z.manifest.
#   BACKUP_DESTINATION       /backups/prod | file:///backups/prod | s3://bucket/prefix
#   BACKUP_S3_ENDPOINT_URL   optional, for S3-compatible stores (MinIO, Ceph RGW, ...)
# store_put never leaves a partial object under a final key: the filesystem store writes a hidden temp
# file and renames it; S3 makes an object visible only once its upload completed, and the size is
# checked after upload.

# shellcheck source=store-fs.sh
source "${LIB_DIR}/store-fs.sh"
# shellcheck source=store-s3.sh
source "${LIB_DIR}/store-s3.sh"

store_init() {
  require_env BACKUP_DESTINATION
  case "${BACKUP_DESTINATION}" in
    s3://*) STORE_KIND=s3 ;;
    file://*) STORE_KIND=fs ;;
    /*) STORE_KIND=fs ;;
    *) die "${EX_CONFIG}" "BACKUP_DESTINATION=${BACKUP_DESTINATION} is neither an absolute path, file:///path nor s3://bucket/prefix" ;;
  esac
  "${STORE_KIND}_init"
}

store_put() { "${STORE_KIND}_put" "$@"; }          # LOCAL_FILE KEY
store_get() { "${STORE_KIND}_get" "$@"; }          # KEY LOCAL_FILE
store_exists() { "${STORE_KIND}_exists" "$@"; }    # KEY -> status
store_list() { "${STORE_KIND}_list" "$@"; }        # PREFIX -> keys under it, one per line
store_delete() { "${STORE_KIND}_delete" "$@"; }    # KEY
store_sweep() { "${STORE_KIND}_sweep"; }           # remove debris of interrupted writes
store_describe() { printf '%s' "${BACKUP_DESTINATION}"; }

# store_put_text KEY TEXT: small objects (the latest pointer) go through the same atomic path.
store_put_text() {
  local tmp="${WORK_DIR}/put-text.$$"
  printf '%s\n' "$2" >"${tmp}"
  store_put "${tmp}" "$1"
  rm -f "${tmp}"
}

store_get_text() {
  local tmp="${WORK_DIR}/get-text.$$"
  store_get "$1" "${tmp}"
  cat "${tmp}"
  rm -f "${tmp}"
}
