#!/usr/bin/env bash
# Runs a command on the project's Node.js (>= 22, via node-env.sh) from the project root: npm scripts go through
# this, since npm itself may run on an older machine Node whose PATH the scripts would otherwise inherit.
# Usage: scripts/node22.sh <command> [args...]
set -euo pipefail
source "$(dirname "$0")/node-env.sh"
cd "${PROJECT_ROOT}"
exec "$@"
