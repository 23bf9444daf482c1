#!/usr/bin/env bash
# Times `pulumi preview` (real engine, file backend) for three cases, median of N runs each:
#   dev+policy   the dev stack with the policy pack and policies/config/dev.json
#   dev          the dev stack without the policy pack
#   empty        tests/e2e/fixtures/empty-program (same plugins, almost no resources)
# so the cost of the program and of the policy pack can be told apart from engine start-up.
# Needs the toolchain from scripts/install-pulumi.sh. Results go to .bench/engine-<date>.txt.
# Usage: scripts/bench-engine.sh [runs]   (default 5; one extra warm-up run per case is not counted)
set -euo pipefail
source "$(dirname "$0")/node-env.sh"
cd "${PROJECT_ROOT}"
runs="${1:-5}"

PULUMI_HOME="${PULUMI_HOME:-${HOME}/.pulumi}"
export PULUMI_HOME
bin_dir="${PULUMI_HOME}/versions/$(node -p "require('@pulumi/pulumi/package.json').version")/bin"
if [ ! -x "${bin_dir}/pulumi" ]; then
  echo "bench-engine: no Pulumi CLI in ${bin_dir}; run 'bash scripts/install-pulumi.sh' first" >&2
  exit 1
fi
export PATH="${bin_dir}:${PATH}"

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
export PULUMI_BACKEND_URL="file://${work}/state"
PULUMI_CONFIG_PASSPHRASE="$(head -c 18 /dev/urandom | base64)"
export PULUMI_CONFIG_PASSPHRASE
mkdir -p "${work}/state" "${work}/dev" "${work}/empty"
cp -r Pulumi.yaml Pulumi.dev.yaml index.ts tsconfig.json package.json components "${work}/dev/"
cp -r tests/e2e/fixtures/empty-program/. "${work}/empty/"
ln -s "${PROJECT_ROOT}/node_modules" "${work}/dev/node_modules"
ln -s "${PROJECT_ROOT}/node_modules" "${work}/empty/node_modules"
(cd "${work}/dev" && pulumi stack init dev --secrets-provider passphrase --non-interactive >/dev/null &&
  pulumi config set --path kubernetes.renderDir "${work}/render" --non-interactive)
(cd "${work}/empty" && pulumi stack init bench --secrets-provider passphrase --non-interactive >/dev/null)

policy="--policy-pack ${PROJECT_ROOT}/policies --policy-pack-config ${PROJECT_ROOT}/policies/config/dev.json"
declare -A commands=(
  [dev+policy]="pulumi preview --non-interactive --cwd ${work}/dev --stack dev ${policy}"
  [dev]="pulumi preview --non-interactive --cwd ${work}/dev --stack dev"
  [empty]="pulumi preview --non-interactive --cwd ${work}/empty --stack bench"
)

mkdir -p .bench
report=".bench/engine-$(date +%Y%m%d-%H%M%S).txt"
{
  echo "pulumi $(pulumi version), ${runs} runs per case, $(nproc) cores"
  for case in empty dev dev+policy; do
    cmd="${commands[${case}]}"
    if command -v hyperfine >/dev/null 2>&1; then
      hyperfine --warmup 1 --runs "${runs}" --style basic --export-json "${work}/${case//+/_}.json" "${cmd}" >&2
      median="$(node -p "require('${work}/${case//+/_}.json').results[0].median.toFixed(2)")"
    else
      ${cmd} >/dev/null
      times=()
      for _ in $(seq "${runs}"); do
        start=$(date +%s%N)
        ${cmd} >/dev/null
        times+=("$(( ($(date +%s%N) - start) / 1000000 ))")
      done
      median="$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.2f", m / 1000}')"
    fi
    printf '%-11s median %ss\n' "${case}" "${median}"
  done
} | tee "${report}"
echo "bench-engine: written to ${report}" >&2
