# shellcheck shell=bash
# S3 / S3-compatible destination through the aws CLI (credentials from the pod's IRSA role or the
# standard AWS_* variables). A PUT, single or multipart, becomes visible only when complete; leftovers of
# aborted multipart uploads are the bucket lifecycle rule's job (AbortIncompleteMultipartUpload).

s3_aws() {
  local endpoint=()
  [ -z "${BACKUP_S3_ENDPOINT_URL:-}" ] || endpoint=(--endpoint-url "${BACKUP_S3_ENDPOINT_URL}")
  aws "${endpoint[@]}" "$@"
}

s3_init() {
  command -v aws >/dev/null || die "${EX_CONFIG}" "BACKUP_DESTINATION is s3:// but the aws CLI is not on PATH; use an image that has it"
  local rest="${BACKUP_DESTINATION#s3://}"
  S3_BUCKET="${rest%%/*}"
  S3_PREFIX=""
  [ "${rest}" = "${S3_BUCKET}" ] || S3_PREFIX="${rest#*/}"
  S3_PREFIX="${S3_PREFIX%/}"
  [ -z "${S3_PREFIX}" ] || S3_PREFIX="${S3_PREFIX}/"
  [ -n "${S3_BUCKET}" ] || die "${EX_CONFIG}" "BACKUP_DESTINATION=${BACKUP_DESTINATION} names no bucket"
  local err="${WORK_DIR}/s3-init.err"
  s3_aws s3api head-bucket --bucket "${S3_BUCKET}" >/dev/null 2>"${err}" ||
    die "${EX_DESTINATION}" "bucket ${S3_BUCKET} is unreachable${BACKUP_S3_ENDPOINT_URL:+ at ${BACKUP_S3_ENDPOINT_URL}}: $(stderr_excerpt "${err}"); check BACKUP_S3_ENDPOINT_URL, network policy egress and the role's s3:ListBucket permission"
}

s3_url() { printf 's3://%s/%s%s' "${S3_BUCKET}" "${S3_PREFIX}" "$1"; }

s3_put() {
  local src="$1" key="$2" err="${WORK_DIR}/s3-put.err" stored
  s3_aws s3 cp --only-show-errors -- "${src}" "$(s3_url "${key}")" 2>"${err}" ||
    die "${EX_DESTINATION}" "upload of ${key} to ${S3_BUCKET} failed: $(stderr_excerpt "${err}")"
  stored="$(s3_aws s3api head-object --bucket "${S3_BUCKET}" --key "${S3_PREFIX}${key}" --query ContentLength --output text 2>"${err}")" ||
    die "${EX_DESTINATION}" "cannot read back ${key} after upload: $(stderr_excerpt "${err}")"
  [ "${stored}" = "$(size_of "${src}")" ] ||
    die "${EX_DESTINATION}" "${key} in ${S3_BUCKET} has ${stored} bytes after upload, expected $(size_of "${src}")"
}

s3_get() {
  local err="${WORK_DIR}/s3-get.err"
  s3_aws s3 cp --only-show-errors -- "$(s3_url "$1")" "$2" 2>"${err}" ||
    die "${EX_DESTINATION}" "download of $1 from ${S3_BUCKET} failed: $(stderr_excerpt "${err}")"
}

s3_exists() { s3_aws s3api head-object --bucket "${S3_BUCKET}" --key "${S3_PREFIX}$1" >/dev/null 2>&1; }

s3_list() {
  local err="${WORK_DIR}/s3-list.err" out
  out="$(s3_aws s3api list-objects-v2 --bucket "${S3_BUCKET}" --prefix "${S3_PREFIX}$1" --query 'Contents[].Key' --output text 2>"${err}")" ||
    die "${EX_DESTINATION}" "listing $1 in ${S3_BUCKET} failed: $(stderr_excerpt "${err}")"
  printf '%s\n' "${out}" | tr '\t' '\n' | while IFS= read -r key; do
    if [ -n "${key}" ] && [ "${key}" != "None" ]; then printf '%s\n' "${key#"${S3_PREFIX}"}"; fi
  done
}

s3_delete() {
  local err="${WORK_DIR}/s3-delete.err"
  s3_aws s3 rm --only-show-errors -- "$(s3_url "$1")" 2>"${err}" ||
    die "${EX_DESTINATION}" "deleting $1 from ${S3_BUCKET} failed: $(stderr_excerpt "${err}")"
}

s3_sweep() { :; }
