import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "./paths";

/** The stack's own policy config: the enforcement levels and thresholds the pack applies to it. */
export function defaultPolicyConfig(stack: string): string {
    return path.join(repoRoot, "policies", "config", `${stack}.json`);
}

/**
 * Writes the executable the CLI starts as the policy pack (`--policy-pack FILE` runs `FILE <engine-address>` and reads
 * the port the pack prints). A directory pack would need the Node.js language host, which this toolchain does not
 * have; the launcher runs the SDK's own policy-pack runner on policies/ instead (tools/engine/pack-host.ts), with the
 * stack context the language host would otherwise give the pack.
 */
export function writePolicyLauncher(dir: string, ctx: { project: string; stack: string; dryRun: boolean }): string {
    const host = path.join(repoRoot, "tools", "engine", "pack-host.ts");
    const file = path.join(dir, ctx.dryRun ? "policy-pack-preview" : "policy-pack-update");
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const script = [
        "#!/bin/sh",
        "# Written by tools/engine: starts the prod-stack policy pack for the Pulumi CLI.",
        `export PULUMI_NODEJS_PROJECT=${quote(ctx.project)} PULUMI_NODEJS_STACK=${quote(ctx.stack)} PULUMI_NODEJS_DRY_RUN=${ctx.dryRun}`,
        // The pack reads its version from the package.json of the directory it starts in.
        `cd ${quote(path.join(repoRoot, "policies"))} || exit 1`,
        `exec ${quote(process.execPath)} --require ts-node/register/transpile-only ${quote(host)} "$1" ${quote(path.join(repoRoot, "policies"))}`,
        "",
    ].join("\n");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, script, { mode: 0o755 });
    return file;
}
