import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { repoRoot } from "./paths";

/** Keys of a stack settings file that the CLI owns (secrets-provider state), never taken from the committed file. */
const ENGINE_OWNED = ["encryptionsalt", "encryptedkey", "secretsprovider"] as const;

type Settings = Record<string, unknown> & { config?: Record<string, unknown> };

function readYaml(file: string): Settings {
    const doc = YAML.parse(fs.readFileSync(file, "utf8")) as unknown;
    if (doc === null || doc === undefined) return {};
    if (typeof doc !== "object" || Array.isArray(doc)) throw new Error(`${file}: expected a mapping at the top level`);
    return doc as Settings;
}

/**
 * The settings the engine sees for a stack: the committed stack file (Pulumi.<stack>.yaml unless told otherwise), with a relative
 * `kubernetes.renderDir` made absolute against the repository (the provider renders relative to its own working
 * directory, which is the engine's scratch directory), an optional render directory override, and the
 * secrets-provider keys the CLI wrote on an earlier run kept. The committed file itself is never written: the first
 * stack creation would otherwise add an encryption salt to it and reformat it.
 */
export function mergedStackSettings(source: string, engineCopy: string, renderDir?: string): Settings {
    const committed = readYaml(source);
    const merged: Settings = { ...committed, config: { ...(committed.config ?? {}) } };
    const key = "prod-stack:kubernetes";
    const k8s = merged.config![key];
    if (k8s && typeof k8s === "object" && !Array.isArray(k8s)) {
        const next = { ...(k8s as Record<string, unknown>) };
        if (renderDir !== undefined) next.renderDir = path.resolve(renderDir);
        else if (typeof next.renderDir === "string") next.renderDir = path.resolve(repoRoot, next.renderDir);
        merged.config![key] = next;
    } else if (renderDir !== undefined) {
        throw new Error(
            `--render-dir: ${source} has no prod-stack:kubernetes section to render from; fix: use a stack whose kubernetes.mode is render`,
        );
    }
    if (fs.existsSync(engineCopy)) {
        const previous = readYaml(engineCopy);
        for (const k of ENGINE_OWNED) {
            if (previous[k] !== undefined && committed[k] === undefined) merged[k] = previous[k];
        }
    }
    return merged;
}

export function writeSettings(file: string, settings: Settings): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, YAML.stringify(settings), { mode: 0o600 });
}

/** The project settings (Pulumi.yaml), passed to the workspace as they are committed. */
export function projectSettings(): Settings & { name: string } {
    const doc = readYaml(path.join(repoRoot, "Pulumi.yaml"));
    if (typeof doc.name !== "string") throw new Error("Pulumi.yaml: expected a project name under 'name'");
    return doc as Settings & { name: string };
}
