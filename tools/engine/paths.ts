import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The repository root: the program (index.ts), its stack files and the policy pack live here. */
export const repoRoot = path.resolve(__dirname, "../..");

/** A version pinned in package.json and installed in node_modules (the only place versions are pinned). */
export function installedVersion(pkg: string): string {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "node_modules", pkg, "package.json"), "utf8"));
    return manifest.version as string;
}

/** PULUMI_HOME as scripts/install-pulumi.sh fills it. */
export function pulumiHome(): string {
    return process.env.PULUMI_HOME ?? path.join(os.homedir(), ".pulumi");
}

/** The CLI install root for the SDK's version: <PULUMI_HOME>/versions/<v> (with bin/pulumi inside). */
export function cliRoot(): string {
    return path.join(pulumiHome(), "versions", installedVersion("@pulumi/pulumi"));
}

/** The stacks this repository defines: one Pulumi.<stack>.yaml each. */
export function knownStacks(): string[] {
    return fs
        .readdirSync(repoRoot)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}
