#!/usr/bin/env bash
# Builds the local Kubernetes control plane's binaries into .tools/bin/ from the Go module proxy:
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kwok (fake nodes),
# and downloads the CRD source modules (tools/toolchain/crds) into Go's module cache.
# Pins live in tools/toolchain/{etcd,kubernetes,kwok,crds}/go.mod + go.sum. Binaries are cached per machine
# by wrapper fingerprint (wrapper-build.sh), so a warm run takes seconds; a cold kube-apiserver build takes
# 6-17 min on 2 cores. Exits non-zero naming every binary that could not be installed.
# Usage: scripts/install-cluster-tools.sh
set -euo pipefail
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "${PROJECT_ROOT}/tools/toolchain/wrapper-build.sh"
BIN_DIR="${PROJECT_ROOT}/.tools/bin"

toolchain_require_go
k8s_wrapper="${TOOLCHAIN_DIR}/kubernetes"
k8s_version="$(toolchain_module_version "${k8s_wrapper}" k8s.io/kubernetes)"
k8s_minor="${k8s_version#v1.}"; k8s_minor="${k8s_minor%%.*}"
# What a release build stamps (hack/lib/version.sh), so clients and the apiserver's /version report the pin
# instead of v0.0.0-master, which API clients and version-gated admission code misread.
k8s_ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=" -X ${pkg}.gitVersion=${k8s_version} -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${k8s_minor}"
  k8s_ldflags+=" -X ${pkg}.gitTreeState=clean -X ${pkg}.buildDate=1970-01-01T00:00:00Z"
done

missing=()
build() { # build WRAPPER BINARY [go build flags...]
  local wrapper="$1" binary="$2"; shift 2
  toolchain_log "cluster tools: ${binary}"
  toolchain_build "${wrapper}" "${BIN_DIR}/${binary}" "$@" || missing+=("${binary}")
}
build "${TOOLCHAIN_DIR}/etcd" etcd -ldflags "-s -w"
for binary in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  build "${k8s_wrapper}" "${binary}" -ldflags "${k8s_ldflags}"
done
build "${TOOLCHAIN_DIR}/kwok" kwok -ldflags "-s -w"

# CRDs and kwok's stages are YAML inside the pinned modules: download them (verified against go.sum).
toolchain_log "cluster tools: CRD and kwok stage modules"
# Named modules only: their own dependency graphs are never needed.
crd_modules=()
while read -r module _; do crd_modules+=("${module}"); done < <(grep -v '^#' "${TOOLCHAIN_DIR}/crds/sources.txt")
if ! (cd "${TOOLCHAIN_DIR}/crds" && GOFLAGS=-mod=readonly go mod download "${crd_modules[@]}") ||
   ! (cd "${TOOLCHAIN_DIR}/kwok" && GOFLAGS=-mod=readonly go mod download sigs.k8s.io/kwok); then
  missing+=("CRD modules (tools/toolchain/crds)")
fi

if [ ${#missing[@]} -gt 0 ]; then
  toolchain_log "ERROR: not installed: ${missing[*]} (see the errors above); re-run scripts/install-cluster-tools.sh once fixed"
  exit 1
fi
toolchain_log "cluster tools ready in ${BIN_DIR}"
