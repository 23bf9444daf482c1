/**
 * Offline render: runs the program under mocks and writes every Kubernetes object it registers as YAML, one file per
 * object, so peer tools (kube-score) and reviewers can read what `pulumi up` would apply without the engine.
 * Usage: npm run render -- <stack | stack-file.yaml> [outDir]   (exit codes as every command: 0, 1 invalid config or
 * failed run, 2 usage or a refused output directory)
 */
import * as path from "path";
import * as fs from "fs";
import * as yaml from "yaml";
import type { RecordedResource } from "./mock-runner/recorded-resource";
import { parseFlags } from "./cli/args";
import { EXIT, UsageError } from "./cli/exit-codes";
import { REPO_ROOT, resolveTarget, Target } from "./cli/target";
import { prepareOutDir } from "./render/out-dir";

export const USAGE = "usage: npm run render -- <stack | stack-file.yaml> [output-directory]   (default output: out/mock-manifests/<name>)";

/** Kubernetes objects only; Helm charts and components are not manifests of their own. */
export function toManifest(r: RecordedResource): Record<string, unknown> | undefined {
    if (
        !r.custom ||
        !r.type.startsWith("kubernetes:") ||
        r.type.startsWith("kubernetes:helm.sh/") ||
        r.type === "pulumi:providers:kubernetes"
    )
        return undefined;
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
    // Loaded here, not at the top: a usage error or a refused directory is answered before the Pulumi SDK loads.
    const { runProgram } = require("./mock-runner/harness") as typeof import("./mock-runner/harness");
    const resources = await runProgram(options);
    return resources.flatMap((r): Record<string, any>[] => {
        const m = toManifest(r);
        return m ? [m] : [];
    });
}

/** Renders a stack (name) or stack file (path ending .yaml) into outDir, which must be new, empty or an earlier render's. */
export async function renderManifests(target: string, outDir: string): Promise<string[]> {
    prepareOutDir(outDir);
    const manifests = await renderedManifests(target);
    const written: string[] = [];
    for (const manifest of manifests) {
        const file = path.join(outDir, manifestFileName(manifest));
        fs.writeFileSync(file, manifestYaml(manifest));
        written.push(file);
    }
    return written;
}

export interface RenderArgs {
    target: Target;
    outDir: string;
}

export function parseRenderArgs(argv: readonly string[], cwd = process.env.INIT_CWD ?? process.cwd()): RenderArgs | "help" {
    const flags = parseFlags(argv, { values: [], maxPositionals: 2 });
    if (flags.help) return "help";
    const [targetArg, outArg] = flags.positionals;
    if (targetArg === undefined) throw new UsageError("a stack name or stack file is required");
    const target = resolveTarget(targetArg);
    const outDir = outArg
        ? path.resolve(cwd, outArg)
        : path.join(REPO_ROOT, "out", "mock-manifests", target.stack ?? path.basename(target.file).replace(/\.ya?ml$/, ""));
    return { target, outDir };
}

export async function main(argv: readonly string[], io: { stdout: (t: string) => void; stderr: (t: string) => void }): Promise<number> {
    let args: RenderArgs;
    try {
        const parsed = parseRenderArgs(argv);
        if (parsed === "help") {
            io.stdout(`${USAGE}\n`);
            return EXIT.ok;
        }
        args = parsed;
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        io.stderr(`${e.message}\n${USAGE}\n`);
        return EXIT.usage;
    }
    const { checkConfig } = require("./cli/config-check") as typeof import("./cli/config-check");
    const check = checkConfig(args.target);
    if (!check.ok) {
        io.stderr(check.lines.join("\n") + "\n");
        return EXIT.failed;
    }
    try {
        const files = await renderManifests(args.target.stack ?? args.target.file, args.outDir);
        io.stdout(`rendered ${files.length} manifests of ${args.target.displayFile} to ${args.outDir}\n`);
        return EXIT.ok;
    } catch (e) {
        if (e instanceof UsageError) {
            io.stderr(`${e.message}\n`);
            return EXIT.usage;
        }
        io.stderr(`render failed: ${e instanceof Error ? e.message : String(e)}\n`);
        return EXIT.failed;
    }
}

if (require.main === module) {
    main(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }).then((code) => {
        process.exitCode = code;
    });
}
