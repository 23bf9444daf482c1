#!/usr/bin/env bash
# Regenerates the random plugin's Pulumi schema and bridge metadata (committed under
# tools/toolchain/pulumi-random/cmd/pulumi-resource-random/) with the Terraform bridge's own schema generator, run
# over the pinned Terraform provider at the @pulumi/random version of package.json. Run it after bumping either;
# tests/tooling/random-schema.test.ts checks the result against what @pulumi/random sends and reads.
set -euo pipefail
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "${PROJECT_ROOT}/scripts/node-env.sh"
source "${PROJECT_ROOT}/tools/toolchain/wrapper-build.sh"

wrapper="${TOOLCHAIN_DIR}/pulumi-random"
out="${wrapper}/cmd/pulumi-resource-random"
version="$(cd "${PROJECT_ROOT}" && node -p "require('@pulumi/random/package.json').version")"
tfgen="${PROJECT_ROOT}/.tools/bin/pulumi-tfgen-random"
toolchain_require_go
TOOLCHAIN_PACKAGE=./cmd/pulumi-tfgen-random toolchain_build "${wrapper}" "${tfgen}" \
  -ldflags "-X github.com/terraform-providers/terraform-provider-random/prodstackbridge/info.Version=${version}"
scratch="$(mktemp -d)"
trap 'rm -rf "${scratch}"' EXIT
"${tfgen}" schema --out "${scratch}"
# The generator leaves the package version out (upstream's Makefile sets it when embedding): set it, as the
# engine compares it with the version @pulumi/random asks for.
node - "${scratch}/schema.json" "${out}/schema.json" "${version}" <<'JS'
const fs = require("fs");
const [src, dst, version] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(src, "utf8"));
fs.writeFileSync(dst, `${JSON.stringify({ ...schema, version }, null, 2)}\n`);
JS
cp "${scratch}/bridge-metadata.json" "${out}/bridge-metadata.json"
toolchain_log "random schema v${version} written to ${out}"
