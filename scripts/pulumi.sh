#!/usr/bin/env bash
# The main job: `pulumi preview|up|destroy` of a stack with the policy pack, on a local file backend by default.
# Usage: scripts/pulumi.sh <preview|up|destroy|refresh> <dev|staging|prod> [extra pulumi args...]
# Backend: $PULUMI_BACKEND_URL, default file://<repo>/.pulumi-state. Secrets provider: passphrase from
# $PULUMI_CONFIG_PASSPHRASE or $PULUMI_CONFIG_PASSPHRASE_FILE; for dev only, when neither is set, a random passphrase
# is generated once into .pulumi-state/dev.passphrase (mode 0600, beside the state it protects, git-ignored).
set -euo pipefail
source "$(dirname "$0")/node-env.sh"
cd "${PROJECT_ROOT}"

action="${1:-}"; stack="${2:-}"
case "${action}" in preview | up | destroy | refresh) ;; *) echo "usage: $0 <preview|up|destroy|refresh> <stack> [args]" >&2; exit 2 ;; esac
[ -f "Pulumi.${stack}.yaml" ] || { echo "error: no stack file Pulumi.${stack}.yaml (stacks: dev, staging, prod)" >&2; exit 2; }
shift 2

version="$(node -p "require('@pulumi/pulumi/package.json').version")"
bin="${PULUMI_HOME:-${HOME}/.pulumi}/versions/${version}/bin"
if [ ! -x "${bin}/pulumi" ]; then
  echo "error: Pulumi CLI v${version} is not installed at ${bin}; run 'bash scripts/install-pulumi.sh' (it says what it could not provide)." >&2
  echo "       Offline, without the engine: 'npm run render -- ${stack}' renders the manifests under mocks and runs the policy pack." >&2
  exit 1
fi
export PATH="${bin}:${PATH}"

export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://${PROJECT_ROOT}/.pulumi-state}"
if [[ "${PULUMI_BACKEND_URL}" == file://* ]]; then mkdir -p "${PULUMI_BACKEND_URL#file://}"; fi
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  if [ "${stack}" != "dev" ]; then
    echo "error: set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE for stack ${stack}" >&2; exit 2
  fi
  passfile="${PROJECT_ROOT}/.pulumi-state/dev.passphrase"
  if [ ! -s "${passfile}" ]; then
    (umask 077; head -c 32 /dev/urandom | base64 > "${passfile}")
    echo "pulumi.sh: generated a passphrase for the local dev stack in ${passfile}"
  fi
  export PULUMI_CONFIG_PASSPHRASE_FILE="${passfile}"
fi

pulumi stack select --create "${stack}" --non-interactive >/dev/null
policy=(--policy-pack policies --policy-pack-config "policies/config/${stack}.json")
case "${action}" in
  preview) exec pulumi preview --diff "${policy[@]}" "$@" ;;
  up) exec pulumi up --yes "${policy[@]}" "$@" ;;
  refresh) exec pulumi refresh --yes "$@" ;;
  destroy) exec pulumi destroy --yes "$@" ;;
esac
