#!/usr/bin/env bash
# Builds the pinned Go-based test tools into .tools/bin/ from the Go module proxy:
#   kube-score (manifest checks) and actionlint (GitHub workflow lint): no package ships them built. promtool comes
#   from Debian's prometheus package instead (scripts/install-packaged-tools.sh).
#   pod-security (the official Pod Security Standards evaluator, our own main.go around it).
# Pins live in tools/toolchain/<tool>/go.mod + go.sum (one wrapper module per tool); a tool whose
# pin is unchanged since its last build is skipped, so a warm run takes about a second.
# Usage: scripts/install-go-tools.sh [tool...]   (default: all)
set -euo pipefail
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "${PROJECT_ROOT}/tools/toolchain/wrapper-build.sh"

BIN_DIR="${PROJECT_ROOT}/.tools/bin"
ALL_TOOLS=(kube-score actionlint pod-security)
# Upstream module of each tool and the variable its release builds stamp the version into, so
# `<tool> version` reports the pin (actionlint reads Go's build info by itself).
declare -A MODULE=([kube-score]=github.com/zegl/kube-score [actionlint]=github.com/rhysd/actionlint)
declare -A VERSION_VAR=([kube-score]=main.version)
tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=("${ALL_TOOLS[@]}")

toolchain_require_go
for tool in "${tools[@]}"; do
  wrapper="${TOOLCHAIN_DIR}/${tool}"
  if [ ! -f "${wrapper}/go.mod" ]; then
    toolchain_log "ERROR: unknown tool '${tool}': no wrapper module at ${wrapper}; known: ${ALL_TOOLS[*]}"
    exit 2
  fi
  ldflags="-s -w"
  if [ -n "${VERSION_VAR[${tool}]:-}" ]; then
    ldflags+=" -X ${VERSION_VAR[${tool}]}=$(toolchain_module_version "${wrapper}" "${MODULE[${tool}]}")"
  fi
  toolchain_build "${wrapper}" "${BIN_DIR}/${tool}" -ldflags "${ldflags}"
done
toolchain_log "go tools ready in ${BIN_DIR}"
