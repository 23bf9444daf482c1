#!/usr/bin/env bash
# Installs what tests/scripts needs to run the backup scripts for real, idempotently:
#   - Debian's PostgreSQL server and client (initdb, pg_ctl, pg_dump, psql), openssl, gzip, shellcheck, sqlite3,
#     haproxy and redis-server;
#   - a Python venv under .tools/s3-venv with awscli and moto's S3 server, pinned, for the S3 target tests.
# Safe to re-run: each step is skipped when what it installs is already there at the pinned version.
# Usage: scripts/install-postgres.sh            (as root, or with passwordless sudo for apt)
set -euo pipefail

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
S3_VENV="${PROJECT_ROOT}/.tools/s3-venv"
# awscli 1.x: the scripts only use `aws s3 cp/ls/rm` and `aws s3api head-object`, which 1.x and 2.x share.
PY_REQUIREMENTS=("awscli==1.46.3" "moto[server]==5.2.5")

have_postgres_server() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

apt_install() {
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
  echo "install-postgres: apt-get install $*" >&2
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
have_postgres_server || missing+=(postgresql postgresql-client)
command -v openssl >/dev/null || missing+=(openssl)
command -v gzip >/dev/null || missing+=(gzip)
command -v shellcheck >/dev/null || missing+=(shellcheck)
command -v runuser >/dev/null || missing+=(util-linux)
# SQLite backups (tests/scripts/sqlite-backup.test.ts) and the Redis master proxy (tests/scripts/redis-proxy.test.ts).
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v haproxy >/dev/null || missing+=(haproxy)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}"
fi
# Debian's package starts a cluster on 5432 through systemd where it can; the tests never use it.

stamp="${S3_VENV}/.requirements"
wanted="$(printf '%s\n' "${PY_REQUIREMENTS[@]}")"
if [ ! -x "${S3_VENV}/bin/aws" ] || [ "$(cat "${stamp}" 2>/dev/null)" != "${wanted}" ]; then
  echo "install-postgres: creating ${S3_VENV} with ${PY_REQUIREMENTS[*]}" >&2
  python3 -m venv --clear "${S3_VENV}"
  "${S3_VENV}/bin/pip" install --quiet --disable-pip-version-check "${PY_REQUIREMENTS[@]}"
  printf '%s\n' "${wanted}" >"${stamp}"
  VENV_CREATED=1
fi

if [ ${#missing[@]} -gt 0 ] || [ -n "${VENV_CREATED:-}" ]; then
  echo "install-postgres: ready: $(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n1), $("${S3_VENV}/bin/aws" --version 2>&1)" >&2
fi
