/**
 * Offline render: runs the program under mocks and writes every Kubernetes object it registers as YAML, one file per
 * object, so peer tools (kube-score) and reviewers can read what `pulumi up` would apply without the engine.
 * Usage: ts-node --transpile-only tools/render-manifests.ts <stack | examples/x.yaml> [outDir]
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "yaml";
import { RecordedResource } from "../tests/support/recorded-resource";
import { REPO_ROOT, runProgram } from "../tests/support/harness";

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

/**
 * YAML text of a manifest. Emitted with YAML 1.1 rules so that strings a YAML 1.1 reader (kubectl, the API server's
 * YAML decoder) would take for booleans, numbers or timestamps (`on`, `off`, `yes`, `no`, `0755`, `1:20`) are quoted;
 * the text means the same under YAML 1.2.
 */
export function manifestYaml(manifest: Record<string, unknown>): string {
    return yaml.stringify(manifest, { version: "1.1" });
}

/** Every Kubernetes object a stack (`dev`) or config file (`examples/x.yaml`) registers, rendered under mocks. */
export async function renderedManifests(target: string): Promise<Record<string, any>[]> {
    const options = target.endsWith(".yaml") ? { configFile: target } : { stack: target };
    const resources = await runProgram(options);
    return resources.flatMap((r): Record<string, any>[] => { const m = toManifest(r); return m ? [m] : []; });
}

export async function renderManifests(target: string, outDir: string): Promise<string[]> {
    const manifests = await renderedManifests(target);
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    const written: string[] = [];
    for (const manifest of manifests) {
        const file = path.join(outDir, manifestFileName(manifest));
        fs.writeFileSync(file, manifestYaml(manifest));
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
