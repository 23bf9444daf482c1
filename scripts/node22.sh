#!/usr/bin/env bash
# Runs a command on the project's Node.js (>= 22, via node-env.sh) from the project root: npm scripts go through
# this, since npm itself may run on an older machine Node whose PATH the scripts would otherwise inherit.
# Usage: scripts/node22.sh <command> [args...]
set -euo pipefail
# shellcheck source=scripts/node-env.sh
source "$(dirname "$0")/node-env.sh"
cd "${PROJECT_ROOT}"
# V8's compile cache (Node >= 22.1) spares re-parsing zod, yaml and the transpiled modules on every run: about a tenth
# of `npm run validate`. Node checks each entry against the source, so a stale cache only costs a recompile.
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-${HOME}/.cache/prod-stack/node-compile-cache}"
exec "$@"
