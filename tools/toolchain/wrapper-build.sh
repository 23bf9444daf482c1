# Builds the binary named by a wrapper module's `tool` directive (tools/toolchain/<name>/go.mod).
# Sourced by scripts/install-go-tools.sh, scripts/install-pulumi.sh and scripts/install-cluster-tools.sh.
#
# Why wrapper modules: `go install module@version` ignores (and therefore refuses) modules whose
# go.mod carries replace directives; a wrapper module restates those replaces and pins every
# dependency in its committed go.sum, so a build is reproducible and verified against it.
# Go's default module and build caches are reused, so a rebuild after a cache hit takes seconds.
# shellcheck shell=bash

: "${TOOLCHAIN_DIR:="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"}"

toolchain_log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

toolchain_require_go() {
  if ! command -v go >/dev/null 2>&1; then
    toolchain_log "ERROR: 'go' is not on PATH; install Go >= 1.25 (https://go.dev/dl or the distribution's golang package) and re-run"
    return 1
  fi
}

# The tool package path of a wrapper module: its single `tool` directive, or, in a wrapper that names
# several (one module graph for related binaries, e.g. kubernetes/), the one whose last path element is
# BINARY_NAME.
# toolchain_tool_path WRAPPER_DIR [BINARY_NAME]
toolchain_tool_path() {
  awk -v want="${2:-}" '
    $1 == "tool" && $2 == "(" { block = 1; next }
    block && $1 == ")" { block = 0; next }
    block && NF >= 1 { tools[++n] = $1; next }
    $1 == "tool" && NF == 2 { tools[++n] = $2 }
    END {
      if (n == 1) { print tools[1]; exit }
      for (i = 1; i <= n; i++) { k = split(tools[i], parts, "/"); if (parts[k] == want) { print tools[i]; exit } }
    }' "$1/go.mod"
}

# Version that the wrapper's go.mod requires for a module (read offline: no module download).
toolchain_module_version() {
  awk -v m="$2" '$1 == m { print $2 } $1 == "require" && $2 == m { print $3 }' "$1/go.mod"
}

# A fingerprint of everything that decides the built binary: the wrapper's go.mod, go.sum, its own Go
# sources and committed data files (embedded schemas), the package built, the extra build flags and the Go
# version. Files generated from the pinned modules at build time (*-embed.json) follow from go.sum.
toolchain_fingerprint() {
  local wrapper="$1"; shift
  {
    cat "${wrapper}/go.mod" "${wrapper}/go.sum"
    (cd "${wrapper}" && find . -type f \( -name '*.go' -o -name '*.json' \) ! -name '*-embed.json' -print0 | sort -z |
      xargs -0 -r sha256sum)
    printf '%s\n' "${TOOLCHAIN_PACKAGE:-}" "$@"
    go env GOVERSION GOOS GOARCH
  } | sha256sum | cut -d' ' -f1
}

# toolchain_package WRAPPER_DIR [BINARY_NAME]: the package a wrapper builds: $TOOLCHAIN_PACKAGE when set, else its
# `tool` directive (the one named BINARY_NAME when there are several), else the wrapper's own main package.
toolchain_package() {
  local tool
  tool="${TOOLCHAIN_PACKAGE:-$(toolchain_tool_path "$1" "${2:-}")}"
  if [ -z "${tool}" ] && [ -f "$1/main.go" ]; then tool=.; fi
  echo "${tool}"
}

# Built binaries live in a per-machine cache outside any clone, keyed by that fingerprint, so a fresh clone on a
# machine that built a tool once installs it in seconds (CI runs in a fresh clone on the session's machine).
: "${PROD_STACK_CACHE:="${XDG_CACHE_HOME:-${HOME}/.cache}/prod-stack"}"

# toolchain_build WRAPPER_DIR OUTPUT_PATH [go build flags...]   ($TOOLCHAIN_PACKAGE: see toolchain_package)
# Puts the tool at OUTPUT_PATH (a copy of the cached build): from the cache when the fingerprint matches, else
# built with Go into the cache first.
toolchain_build() {
  local wrapper="$1" out="$2"; shift 2
  local name tool fp started cached
  name="$(basename "${wrapper}")"
  tool="$(toolchain_package "${wrapper}" "$(basename "${out}")")"
  if [ -z "${tool}" ]; then
    toolchain_log "ERROR: ${wrapper}/go.mod has no 'tool' directive for $(basename "${out}") and no main.go; add one with: (cd ${wrapper} && go get -tool <package>@<version>)"
    return 1
  fi
  if [ ! -f "${wrapper}/go.sum" ]; then
    # First resolution of a new pin: Go checks every module against the public checksum database
    # while writing go.sum; commit the file so later builds verify against it.
    toolchain_log "${name}: no go.sum yet; resolving the pinned modules (commit ${wrapper}/go.sum afterwards)"
    if ! (cd "${wrapper}" && go mod tidy); then
      toolchain_log "ERROR: cannot resolve the modules pinned in ${wrapper}/go.mod (see above). A module version that the proxy calls 'not available' must be served by the GOPROXY in use: point GOPROXY at one that has it, or install the binary another way."
      return 1
    fi
  fi
  fp="$(toolchain_fingerprint "${wrapper}" "$@")"
  if [ -x "${out}" ] && [ "$(cat "${out}.stamp" 2>/dev/null)" = "${fp}" ]; then
    toolchain_log "${name}: up to date (${out})"
    return 0
  fi
  cached="${PROD_STACK_CACHE}/bin/${name}-${fp:0:16}/$(basename "${out}")"
  if [ ! -x "${cached}" ]; then
    toolchain_log "${name}: building ${tool} (module downloads and compilation are cached by Go; binary cached in ${PROD_STACK_CACHE}/bin)"
    started=$(date +%s)
    mkdir -p "$(dirname "${cached}")"
    # -mod=readonly: the build must not rewrite the committed go.mod/go.sum; a missing sum is an error.
    if ! (cd "${wrapper}" && GOFLAGS="-mod=readonly" go build -trimpath -o "${cached}.tmp" "$@" "${tool}"); then
      rm -f "${cached}.tmp"
      toolchain_log "ERROR: building ${name} failed (see the go output above). If a module version is 'not available' from the module proxy, pin one the proxy serves in ${wrapper}/go.mod and run 'go mod tidy' there."
      return 1
    fi
    mv -f "${cached}.tmp" "${cached}"
    toolchain_log "${name}: built in $(( $(date +%s) - started ))s -> ${cached}"
  else
    toolchain_log "${name}: from the machine cache (${cached})"
  fi
  mkdir -p "$(dirname "${out}")"
  cp -f "${cached}" "${out}.tmp" && mv -f "${out}.tmp" "${out}"
  echo "${fp}" > "${out}.stamp"
}
