#!/usr/bin/env bash
# Tools only the tests need (idempotent, seconds when already there): PostgreSQL server, S3 emulator and shellcheck for
# tests/scripts; promtool from Debian's package; kube-score and actionlint built from the Go module proxy (cached per
# machine) for tests/tooling.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-postgres.sh
bash scripts/install-packaged-tools.sh
bash scripts/install-go-tools.sh
