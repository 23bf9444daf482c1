#!/usr/bin/env bash
# Provides the Pulumi toolchain the real-engine tests and the bench need, at exactly the versions
# the program's npm dependencies expect (read from node_modules, so package.json stays the only pin):
#   CLI + Node.js language host  <- @pulumi/pulumi      into $PULUMI_HOME/versions/<v>/bin
#   resource plugins             <- @pulumi/kubernetes, @pulumi/random  (pulumi plugin install --file)
# With --with-aws-target also the aws and docker plugins (@pulumi/aws, @pulumi/docker): only the aws
# target's preview (staging, prod) needs them; the dev stack (cluster target) does not.
#
# Each piece is taken from the first source that has it:
#   1. an existing install at the exact version (a warm run does nothing else);
#   2. the official release archives, if that host answers within a few seconds;
#   3. a build from the Go module proxy through the wrapper module under tools/toolchain/.
# Only the CLI has a tier-3 build: the language host and the provider modules are published without
# module version tags, and the random provider's go.mod replaces a module with a path inside its own
# repository (./shim), so none of them can be built from the module proxy alone (see
# tools/toolchain/README.md). Exit status is non-zero, with the reason, if anything stays missing.
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
  (cd "${PROJECT_ROOT}" && node -p "require('@pulumi/$1/package.json').version") || {
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

cli_ok() {
  [ -x "${BIN_DIR}/pulumi" ] && [ -x "${BIN_DIR}/pulumi-language-nodejs" ] &&
    [ "$("${BIN_DIR}/pulumi" version 2>/dev/null)" = "v${CLI_VERSION}" ]
}
plugin_dir() { echo "${PULUMI_HOME}/plugins/resource-$1-v$2"; }
plugin_ok() { [ -x "$(plugin_dir "$1" "$2")/pulumi-resource-$1" ]; }

releases_reachable() {
  if [ -z "${RELEASES_REACHABLE:-}" ]; then
    RELEASES_REACHABLE=no
    if curl -fsSI --connect-timeout 5 --max-time 10 \
      "${RELEASES_URL}/sdk/pulumi-v${CLI_VERSION}-linux-${CLI_ARCH}.tar.gz" >/dev/null 2>&1; then
      RELEASES_REACHABLE=yes
    else
      toolchain_log "official releases (${RELEASES_URL}) unreachable; using the other sources"
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

install_cli_from_go() {
  local wrapper="${TOOLCHAIN_DIR}/pulumi" pinned
  pinned="$(toolchain_module_version "${wrapper}" github.com/pulumi/pulumi/pkg/v3)"
  if [ "${pinned}" != "v${CLI_VERSION}" ]; then
    toolchain_log "ERROR: ${wrapper}/go.mod pins pkg/v3 ${pinned} but @pulumi/pulumi is ${CLI_VERSION}; set both pkg/v3 and sdk/v3 to v${CLI_VERSION} there and delete its go.sum"
    return 1
  fi
  toolchain_require_go || return 1
  toolchain_build "${wrapper}" "${BIN_DIR}/pulumi" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${CLI_VERSION}" || return 1
  if [ ! -x "${BIN_DIR}/pulumi-language-nodejs" ]; then
    toolchain_log "ERROR: pulumi-language-nodejs v${CLI_VERSION} is missing and cannot come from the module proxy: its module (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) is published without version tags. Copy it from the official CLI archive pulumi-v${CLI_VERSION}-linux-${CLI_ARCH}.tar.gz into ${BIN_DIR}."
    return 1
  fi
}

install_plugin() {
  local name="$1" version="$2" archive
  if releases_reachable; then
    archive="$(mktemp --suffix=.tar.gz)"
    if download "${RELEASES_URL}/plugins/pulumi-resource-${name}-v${version}-linux-${PLUGIN_ARCH}.tar.gz" "${archive}"; then
      "${BIN_DIR}/pulumi" plugin install resource "${name}" "${version}" --file "${archive}"
      rm -f "${archive}"
      return 0
    fi
    rm -f "${archive}"
  fi
  toolchain_log "ERROR: resource plugin ${name} v${version} is missing and the official releases are unreachable. The provider module (github.com/pulumi/pulumi-${name}/provider) has no version tags on the module proxy, so it cannot be built from there; build it from the provider's release tag (make provider) and run: pulumi plugin install resource ${name} ${version} --file <binary>"
  return 1
}

started=$(date +%s)
status=0
if cli_ok; then
  toolchain_log "pulumi v${CLI_VERSION} + pulumi-language-nodejs: present in ${BIN_DIR}"
elif releases_reachable && install_cli_from_releases && cli_ok; then
  toolchain_log "pulumi v${CLI_VERSION}: installed from the official release archive"
elif install_cli_from_go && cli_ok; then
  toolchain_log "pulumi v${CLI_VERSION}: built from the Go module proxy"
else
  toolchain_log "ERROR: no usable pulumi v${CLI_VERSION} toolchain in ${BIN_DIR}"
  status=1
fi

if [ -x "${BIN_DIR}/pulumi" ]; then
  for plugin in "${plugins[@]}"; do
    version="$(npm_version "${plugin}")"
    if plugin_ok "${plugin}" "${version}"; then
      toolchain_log "plugin ${plugin} v${version}: present"
    else
      install_plugin "${plugin}" "${version}" || status=1
    fi
  done
fi

if [ "${status}" -eq 0 ]; then
  toolchain_log "install-pulumi finished in $(( $(date +%s) - started ))s; scripts/pulumi.sh puts ${BIN_DIR} on PATH"
else
  toolchain_log "install-pulumi finished in $(( $(date +%s) - started ))s with pieces missing (reasons above)"
fi
exit "${status}"
