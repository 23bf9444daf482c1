import * as fs from "fs";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The repository's stacks: one Pulumi.<stack>.yaml each. */
export const STACKS = ["dev", "staging", "prod"] as const;

/** The example stack files (one per seed system), as paths relative to the repository, sorted. */
export function exampleFiles(): string[] {
    return fs
        .readdirSync(path.join(REPO_ROOT, "examples"))
        .filter((f) => f.endsWith(".yaml"))
        .sort()
        .map((f) => `examples/${f}`);
}

/** Every stack and example: what the whole-stack checks (mocks, kube-score, API server) run over. */
export function allTargets(): string[] {
    return [...STACKS, ...exampleFiles()];
}
