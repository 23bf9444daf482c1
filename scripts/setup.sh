#!/usr/bin/env bash
# Set-up for the main job (idempotent): Node >= 22, npm dependencies of the program and the policy pack workspace, and
# the Pulumi CLI with its plugins. The tools only the tests need are installed by scripts/test.sh itself.
# Dependencies' install scripts are skipped on purpose: @pulumi/* ones would try to download plugins.
set -euo pipefail
source "$(dirname "$0")/node-env.sh"
cd "${PROJECT_ROOT}"
echo "setup: node $(node --version), npm $(npm --version)"
if [ ! -d node_modules/@pulumi/pulumi ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi
# Where the Pulumi toolchain cannot be provided (no release host, a module proxy without the pinned versions) setup says
# why and carries on: the unit, policy and script suites and the engine-free commands do not need it.
if ! bash scripts/install-pulumi.sh "$@"; then
  echo "setup: WARNING: the Pulumi toolchain is not installed (reasons above); 'npm run preview/up' and tests/e2e need it" >&2
fi
echo "setup: done"
