#!/usr/bin/env bash
# The main job: `preview|up|destroy|refresh <stack>` through the real Pulumi engine with the policy pack
# (tools/engine/cli.ts: Automation API, inline program, local file backend by default).
# Usage: scripts/engine.sh <preview|up|destroy|refresh> <stack> [--render-dir DIR] [--policy-config FILE] [--json]
set -euo pipefail
# shellcheck source=scripts/node-env.sh
source "$(dirname "$0")/node-env.sh"
cd "${PROJECT_ROOT}"
exec node --require ts-node/register/transpile-only tools/engine/cli.ts "$@"
