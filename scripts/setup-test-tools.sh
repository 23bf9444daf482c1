#!/usr/bin/env bash
# Tools only the tests need (idempotent, seconds when already there): PostgreSQL server, S3 emulator and shellcheck for
# tests/scripts; kube-score, actionlint and promtool built from the Go module proxy for tests/tooling.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-postgres.sh
bash scripts/install-go-tools.sh
