#!/usr/bin/env bash
# Automated rollback: re-deploys the previous git ref (its program and Pulumi.<stack>.yaml) to the stack, with the
# policy pack, from a separate worktree. The state exported before the deploy (pre-deploy-state.json) is kept as an
# artifact for a manual `pulumi stack import` if the re-deploy itself fails. Result in $GITHUB_STEP_SUMMARY.
# Usage: rollback.sh <stack> <previous-ref> <reason>   Env: PULUMI (default pulumi), ROLLBACK_DIR (default a temp dir).
set -euo pipefail

stack="${1:?usage: rollback.sh <stack> <previous-ref> <reason>}"
previous="${2:?usage: rollback.sh <stack> <previous-ref> <reason>}"
reason="${3:-smoke tests or rollback triggers failed}"
pulumi="${PULUMI:-pulumi}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
dir="${ROLLBACK_DIR:-$(mktemp -d)}/previous"

if ! git cat-file -e "${previous}^{commit}" 2>/dev/null; then
  echo "::error::previous ref ${previous} is not a commit in this checkout (fetch-depth too small?): roll back by hand (docs/runbooks/rollback.md)" >&2
  printf '### Rollback of %s: NOT possible\n%s; previous ref %s not found.\n' "${stack}" "${reason}" "${previous}" >> "${summary}"
  exit 1
fi

echo "rolling ${stack} back to ${previous}: ${reason}"
git worktree add --detach "${dir}" "${previous}" >/dev/null
trap 'git worktree remove --force "${dir}" >/dev/null 2>&1 || true' EXIT
# The previous ref uses the dependencies already installed for this one (same lock file in the common case).
[ -e node_modules ] && ln -sfn "$(pwd)/node_modules" "${dir}/node_modules"

status=0
(
  cd "${dir}"
  "${pulumi}" up --stack "${stack}" --yes --non-interactive --diff \
    --policy-pack policies --policy-pack-config "policies/config/${stack}.json"
) || status=$?

if [ "${status}" -eq 0 ]; then
  printf '### Rolled back %s to %s\nReason: %s\n' "${stack}" "${previous}" "${reason}" >> "${summary}"
  echo "rolled back ${stack} to ${previous}"
else
  printf '### Rollback of %s to %s FAILED (exit %s)\nReason: %s. Follow docs/runbooks/rollback.md; the pre-deploy state is in the pre-deploy-state artifact.\n' \
    "${stack}" "${previous}" "${status}" "${reason}" >> "${summary}"
  echo "::error::rollback of ${stack} to ${previous} failed (exit ${status})" >&2
fi
exit "${status}"
