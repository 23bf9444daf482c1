/**
 * Offline render: runs the program under mocks and writes every Kubernetes object it registers as YAML, one file per
 * object, so peer tools (kube-score) and reviewers can read what `pulumi up` would apply without the engine.
 * Usage: ts-node --transpile-only tools/render-manifests.ts <stack | examples/x.yaml> [outDir]
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "yaml";
import { RecordedResource } from "./mock-runner/recorded-resource";
import { REPO_ROOT, runProgram } from "./mock-runner/harness";

/** Kubernetes objects only; Helm charts and components are not manifests of their own. */
export function toManifest(r: RecordedResource): Record<string, unknown> | undefined {
    if (!r.custom || !r.type.startsWith("kubernetes:") || r.type.startsWith("kubernetes:helm.sh/") || r.type === "pulumi:providers:kubernetes") return undefined;
    const inputs = r.inputs;
    if (typeof inputs.apiVersion !== "string" || typeof inputs.kind !== "string") return undefined;
    const metadata = { ...(inputs.metadata ?? {}) };
    if (metadata.name === undefined) metadata.name = r.name;
    return { ...inputs, metadata };
}

export function manifestFileName(m: Record<string, any>): string {
    const ns = m.metadata.namespace ? `${m.metadata.namespace}-` : "";
    return `${ns}${String(m.kind).toLowerCase()}-${m.metadata.name}.yaml`.replace(/[^A-Za-z0-9._-]/g, "_");
}

export async function renderManifests(target: string, outDir: string): Promise<string[]> {
    const options = target.endsWith(".yaml") ? { configFile: target } : { stack: target };
    const resources = await runProgram(options);
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    const written: string[] = [];
    for (const r of resources) {
        const manifest = toManifest(r);
        if (!manifest) continue;
        const file = path.join(outDir, manifestFileName(manifest as Record<string, any>));
        fs.writeFileSync(file, yaml.stringify(manifest));
        written.push(file);
    }
    return written;
}

if (require.main === module) {
    const target = process.argv[2] ?? "dev";
    const outDir = path.resolve(process.argv[3] ?? path.join(REPO_ROOT, "out", "mock-manifests", path.basename(target, ".yaml")));
    renderManifests(target, outDir)
        .then((files) => console.log(`rendered ${files.length} manifests of ${target} to ${outDir}`))
        .catch((e) => {
            console.error(e instanceof Error ? e.message : e);
            process.exit(1);
        });
}
