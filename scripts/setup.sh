#!/usr/bin/env bash
# Set-up for the main job (idempotent): Node >= 22, npm dependencies of the program and the policy pack workspace, and
# the Pulumi CLI with its plugins. The tools only the tests need are installed by scripts/test.sh itself.
# Dependencies' install scripts are skipped on purpose: @pulumi/* ones would try to download plugins.
set -euo pipefail
# shellcheck source=scripts/node-env.sh
source "$(dirname "$0")/node-env.sh"
cd "${PROJECT_ROOT}"
echo "setup: node $(node --version), npm $(npm --version)"
if [ ! -d node_modules/@pulumi/pulumi ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi
# The main job needs the engine: setup stops here, naming what is missing, rather than leaving a half set-up machine.
if ! bash scripts/install-pulumi.sh "$@"; then
  echo "setup: FAILED: the Pulumi toolchain is incomplete (see above); 'npm run preview/up' and tests/e2e need it" >&2
  exit 1
fi
echo "setup: done"
