#!/usr/bin/env bash
# One-time (idempotent) set-up: Node >= 22, npm dependencies of the program and the policy pack.
# Dependencies' install scripts are skipped on purpose: @pulumi/* ones would try to download plugins.
set -euo pipefail
source "$(dirname "$0")/node-env.sh"
cd "${PROJECT_ROOT}"
echo "setup: node $(node --version), npm $(npm --version)"
if [ ! -d node_modules/@pulumi/pulumi ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi
