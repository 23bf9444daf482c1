#!/usr/bin/env bash
# Provides the Pulumi toolchain the main job and the real-engine tests need, at exactly the versions the
# program's npm dependencies pin (read from node_modules, so package.json stays the only pin):
#   CLI                   <- @pulumi/pulumi      into $PULUMI_HOME/versions/<v>/bin
#   kubernetes, random    <- @pulumi/kubernetes, @pulumi/random  (resource plugins, `pulumi plugin install`)
# With --with-aws-target also the aws and docker plugins (official releases only: no module builds them).
# No Node.js language host is needed: scripts/engine.sh hosts the program in-process (Automation API inline mode).
#
# Each piece comes from the first source that has it:
#   1. an existing install at the exact version (a warm run does nothing else);
#   2. the official release archives, if that host answers within a few seconds;
#   3. a build from the Go module proxy through the wrapper modules under tools/toolchain/ (pulumi,
#      pulumi-kubernetes, pulumi-random), cached per machine (tools/toolchain/wrapper-build.sh), so a fresh clone
#      on a machine that built them once installs in seconds.
# Exits non-zero naming every piece still missing.
#
# Usage: scripts/install-pulumi.sh [--with-aws-target]
set -euo pipefail
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "${PROJECT_ROOT}/scripts/node-env.sh"
source "${PROJECT_ROOT}/tools/toolchain/wrapper-build.sh"

RELEASES_URL="${PULUMI_RELEASES_URL:-https://get.pulumi.com/releases}"
PULUMI_HOME="${PULUMI_HOME:-${HOME}/.pulumi}"
export PULUMI_HOME

plugins=(kubernetes random)
case "${1:-}" in
  --with-aws-target) plugins+=(aws docker) ;;
  "") ;;
  *) echo "usage: $0 [--with-aws-target]" >&2; exit 2 ;;
esac

npm_version() {
  (cd "${PROJECT_ROOT}" && node -p "require('@pulumi/$1/package.json').version" 2>/dev/null) || {
    toolchain_log "ERROR: @pulumi/$1 is not installed in node_modules; run 'bash scripts/setup.sh' first"
    exit 1
  }
}

CLI_VERSION="$(npm_version pulumi)"
BIN_DIR="${PULUMI_HOME}/versions/${CLI_VERSION}/bin"
case "$(uname -m)" in
  x86_64) CLI_ARCH=x64; PLUGIN_ARCH=amd64 ;;
  aarch64 | arm64) CLI_ARCH=arm64; PLUGIN_ARCH=arm64 ;;
  *) toolchain_log "ERROR: unsupported machine architecture $(uname -m)"; exit 1 ;;
esac

cli_ok() { [ -x "${BIN_DIR}/pulumi" ] && [ "$("${BIN_DIR}/pulumi" version 2>/dev/null)" = "v${CLI_VERSION}" ]; }
plugin_dir() { echo "${PULUMI_HOME}/plugins/resource-$1-v$2"; }
plugin_ok() { [ -x "$(plugin_dir "$1" "$2")/pulumi-resource-$1" ]; }

releases_reachable() {
  if [ -z "${RELEASES_REACHABLE:-}" ]; then
    RELEASES_REACHABLE=no
    if curl -fsSI --connect-timeout 5 --max-time 10 \
      "${RELEASES_URL}/sdk/pulumi-v${CLI_VERSION}-linux-${CLI_ARCH}.tar.gz" >/dev/null 2>&1; then
      RELEASES_REACHABLE=yes
    else
      toolchain_log "official releases (${RELEASES_URL}) unreachable; building from the Go module proxy instead"
    fi
  fi
  [ "${RELEASES_REACHABLE}" = yes ]
}

# $1 URL, $2 destination file
download() {
  toolchain_log "downloading $1"
  curl -fsSL --connect-timeout 5 --max-time 600 --retry 2 -o "$2" "$1"
}

install_cli_from_releases() {
  local archive; archive="$(mktemp --suffix=.tar.gz)"
  download "${RELEASES_URL}/sdk/pulumi-v${CLI_VERSION}-linux-${CLI_ARCH}.tar.gz" "${archive}" || { rm -f "${archive}"; return 1; }
  mkdir -p "${BIN_DIR}"
  # The archive holds pulumi/<binaries>: the CLI and every language host.
  tar -xzf "${archive}" -C "${BIN_DIR}" --strip-components=1
  rm -f "${archive}"
}

# $1 wrapper dir, $2 module, $3 wanted version: the wrapper must pin what package.json pins.
require_pin() {
  local pinned; pinned="$(toolchain_module_version "$1" "$2")"
  if [ "${pinned}" != "$3" ]; then
    toolchain_log "ERROR: $1/go.mod pins $2 ${pinned:-nothing} but package.json needs $3; update the wrapper (see tools/toolchain/README.md)"
    return 1
  fi
}

install_cli_from_go() {
  local wrapper="${TOOLCHAIN_DIR}/pulumi"
  require_pin "${wrapper}" github.com/pulumi/pulumi/pkg/v3 "v${CLI_VERSION}" || return 1
  require_pin "${wrapper}" github.com/pulumi/pulumi/sdk/v3 "v${CLI_VERSION}" || return 1
  toolchain_require_go || return 1
  toolchain_build "${wrapper}" "${BIN_DIR}/pulumi" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${CLI_VERSION}"
}

# The kubernetes provider's main embeds its schema (with the release version set) and Terraform mapping; upstream's
# Makefile generates both from files committed in the module, and so does this, into the wrapper (git-ignored).
kubernetes_embeds() {
  local wrapper="$1" version="$2" dir
  dir="$(cd "${wrapper}" && GOFLAGS=-mod=readonly go mod download -json github.com/pulumi/pulumi-kubernetes/provider/v4 |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const m=JSON.parse(s);if(m.Error){console.error(m.Error);process.exit(1)}console.log(m.Dir)})')" || return 1
  (cd "${wrapper}" && node - "${dir}/cmd/pulumi-resource-kubernetes" "${version}" <<'EOF'
const fs = require("fs");
const [src, version] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(`${src}/schema.json`, "utf8"));
schema.version = version;
fs.writeFileSync("schema-embed.json", JSON.stringify(schema));
fs.writeFileSync("terraform-mapping-embed.json", JSON.stringify(JSON.parse(fs.readFileSync(`${src}/terraform-mapping.json`, "utf8"))));
EOF
  )
}

# $1 plugin name, $2 version, $3 output binary
build_plugin_from_go() {
  local name="$1" version="$2" out="$3" wrapper="${TOOLCHAIN_DIR}/pulumi-$1" schema_version
  toolchain_require_go || return 1
  case "${name}" in
    kubernetes)
      # The provider module has no release tags; its SDK module does, and the wrapper pins the one it was built from.
      require_pin "${wrapper}" github.com/pulumi/pulumi-kubernetes/sdk/v4 "v${version}" || return 1
      kubernetes_embeds "${wrapper}" "${version}" || return 1
      toolchain_build "${wrapper}" "${out}" \
        -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=${version}"
      ;;
    random)
      schema_version="$(node -p "require('${wrapper}/cmd/pulumi-resource-random/schema.json').version")"
      if [ "${schema_version}" != "${version}" ]; then
        toolchain_log "ERROR: the committed random schema is for ${schema_version}, package.json needs ${version}; run 'bash scripts/generate-random-schema.sh'"
        return 1
      fi
      TOOLCHAIN_PACKAGE=./cmd/pulumi-resource-random toolchain_build "${wrapper}" "${out}" \
        -ldflags "-s -w -X github.com/terraform-providers/terraform-provider-random/prodstackbridge/info.Version=${version}"
      ;;
    *)
      toolchain_log "ERROR: resource plugin ${name} v${version} is missing: the official releases are unreachable and no module builds it (aws and docker providers cannot be built here; see tools/toolchain/README.md)"
      return 1
      ;;
  esac
}

install_plugin() {
  local name="$1" version="$2" archive binary
  if releases_reachable; then
    archive="$(mktemp --suffix=.tar.gz)"
    if download "${RELEASES_URL}/plugins/pulumi-resource-${name}-v${version}-linux-${PLUGIN_ARCH}.tar.gz" "${archive}"; then
      "${BIN_DIR}/pulumi" plugin install resource "${name}" "${version}" --file "${archive}"
      rm -f "${archive}"
      return 0
    fi
    rm -f "${archive}"
  fi
  binary="${PROJECT_ROOT}/.tools/plugins/pulumi-resource-${name}"
  build_plugin_from_go "${name}" "${version}" "${binary}" || return 1
  "${BIN_DIR}/pulumi" plugin install resource "${name}" "${version}" --file "${binary}" >/dev/null
}

started=$(date +%s)
missing=()
piece_started=${started}
piece() { piece_started=$(date +%s); toolchain_log "$1"; }
piece_done() { toolchain_log "$1 ($(( $(date +%s) - piece_started ))s)"; }

piece "pulumi CLI v${CLI_VERSION}: checking"
if cli_ok; then
  piece_done "pulumi CLI v${CLI_VERSION}: present in ${BIN_DIR}"
elif releases_reachable && install_cli_from_releases && cli_ok; then
  piece_done "pulumi CLI v${CLI_VERSION}: installed from the official release archive"
elif install_cli_from_go && cli_ok; then
  piece_done "pulumi CLI v${CLI_VERSION}: installed from the Go module proxy build"
else
  missing+=("pulumi CLI v${CLI_VERSION}")
fi

if cli_ok; then
  for plugin in "${plugins[@]}"; do
    version="$(npm_version "${plugin}")"
    piece "plugin ${plugin} v${version}: checking"
    if plugin_ok "${plugin}" "${version}"; then
      piece_done "plugin ${plugin} v${version}: present"
    elif install_plugin "${plugin}" "${version}" && plugin_ok "${plugin}" "${version}"; then
      piece_done "plugin ${plugin} v${version}: installed"
    else
      missing+=("plugin ${plugin} v${version}")
    fi
  done
else
  missing+=("plugins ${plugins[*]} (need the CLI to install)")
fi

if [ ${#missing[@]} -eq 0 ]; then
  toolchain_log "install-pulumi: toolchain ready in $(( $(date +%s) - started ))s (${BIN_DIR}; plugins in ${PULUMI_HOME}/plugins)"
  exit 0
fi
toolchain_log "install-pulumi: FAILED after $(( $(date +%s) - started ))s; missing: $(IFS=';'; echo "${missing[*]}") (reasons above)"
exit 1
