# shellcheck shell=bash
# shellcheck disable=SC2034  # constants for the scripts that source this file
# The one place that knows the cipher. Manifests record cipher, digest and iteration count so that a
# later change of defaults can still decrypt older backups.

readonly CIPHER="aes-256-cbc"
readonly KDF_DIGEST="sha256"
# OWASP's 2023 figure for PBKDF2-HMAC-SHA256; costs a fraction of a second once per object.
readonly DEFAULT_PBKDF2_ITERATIONS=600000

# encrypt_stream ITERATIONS: stdin -> stdout
encrypt_stream() {
  openssl enc -e "-${CIPHER}" -pbkdf2 -iter "$1" -md "${KDF_DIGEST}" -salt -pass "${OPENSSL_PASS_ARG}"
}

# decrypt_stream ITERATIONS: stdin -> stdout
decrypt_stream() {
  openssl enc -d "-${CIPHER}" -pbkdf2 -iter "$1" -md "${KDF_DIGEST}" -pass "${OPENSSL_PASS_ARG}"
}

# key_opens FILE ITERATIONS: true when the key turns the object's first block into a gzip header.
# A wrong key fails here in milliseconds, before anything is sent to the database (false accept 1 in 65536;
# the full decrypt's padding check and gzip's CRC catch the rest inside the restore transaction).
key_opens() {
  local magic
  magic="$(decrypt_stream "$2" <"$1" 2>/dev/null | head -c 2 | od -An -tx1 | tr -d ' \n' || true)"
  [ "${magic}" = "1f8b" ]
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }
size_of() { stat -c %s "$1"; }
