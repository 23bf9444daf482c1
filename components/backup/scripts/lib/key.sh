# shellcheck shell=bash
# Where the encryption key comes from. The key itself never reaches a command line (visible in ps) or
# a log: openssl reads it through `-pass file:` or `-pass env:`.
# Sources, first match wins:
#   BACKUP_ENCRYPTION_KEY_FILE  path of a mounted secret file (Vault agent / Secrets Store CSI / Secret volume)
#   BACKUP_ENCRYPTION_KEY       the key itself (from a Secret via secretKeyRef), for stores that only inject env

readonly KEY_MIN_LENGTH=32

# Sets OPENSSL_PASS_ARG for openssl's -pass option, or exits with EX_CONFIG naming what is wrong.
load_encryption_key() {
  local key_file="${BACKUP_ENCRYPTION_KEY_FILE:-}" length
  if [ -n "${key_file}" ]; then
    [ -r "${key_file}" ] || die "${EX_CONFIG}" "BACKUP_ENCRYPTION_KEY_FILE=${key_file} is not a readable file; mount the backup-encryption secret there or unset the variable"
    # openssl's file: source uses the first line only; measure exactly that.
    length="$(head -n1 "${key_file}" | tr -d '\r\n' | wc -c)"
    [ "${length}" -ge "${KEY_MIN_LENGTH}" ] || die "${EX_CONFIG}" "encryption key in ${key_file} has ${length} characters on its first line, fewer than ${KEY_MIN_LENGTH}; generate one with: openssl rand -base64 48"
    OPENSSL_PASS_ARG="file:${key_file}"
  elif [ -n "${BACKUP_ENCRYPTION_KEY:-}" ]; then
    length="${#BACKUP_ENCRYPTION_KEY}"
    [ "${length}" -ge "${KEY_MIN_LENGTH}" ] || die "${EX_CONFIG}" "BACKUP_ENCRYPTION_KEY has ${length} characters, fewer than ${KEY_MIN_LENGTH}; generate one with: openssl rand -base64 48"
    OPENSSL_PASS_ARG="env:BACKUP_ENCRYPTION_KEY"
  else
    die "${EX_CONFIG}" "no encryption key: set BACKUP_ENCRYPTION_KEY_FILE to the mounted secret file (preferred) or BACKUP_ENCRYPTION_KEY from the secrets backend"
  fi
  export OPENSSL_PASS_ARG
}
