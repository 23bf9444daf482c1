import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cliRoot, repoRoot } from "../../../tools/engine/paths";
import type { RunResult } from "../../../tools/engine/run";

/**
 * A throw-away engine context for the repository's program: its own file backend and a random passphrase held
 * only in memory, so the suite never touches .pulumi-state/ or any committed file.
 */
export class EngineSandbox {
    readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "prod-stack-e2e-"));
    readonly stateDir = path.join(this.dir, "state");
    readonly env: NodeJS.ProcessEnv;

    constructor() {
        fs.mkdirSync(this.stateDir);
        this.env = {
            ...process.env,
            PULUMI_BACKEND_URL: `file://${this.stateDir}`,
            PULUMI_CONFIG_PASSPHRASE: crypto.randomBytes(24).toString("base64"),
            PULUMI_CONFIG_PASSPHRASE_FILE: "",
        };
    }

    /** `scripts/engine.sh <args>` as a user runs it; the JSON result is read from a file, never from screen text. */
    engine(args: string[]): { status: number | null; result?: RunResult; stderr: string } {
        const resultFile = path.join(this.dir, `result-${crypto.randomUUID()}.json`);
        const r = spawnSync("bash", [path.join(repoRoot, "scripts/engine.sh"), ...args, "--result-file", resultFile], {
            env: this.env,
            encoding: "utf8",
            maxBuffer: 64 * 1024 * 1024,
        });
        const result = fs.existsSync(resultFile) ? (JSON.parse(fs.readFileSync(resultFile, "utf8")) as RunResult) : undefined;
        return { status: r.status, result, stderr: `${r.stderr ?? ""}${r.stdout ?? ""}` };
    }

    /** The resources the backend holds for a stack, read by the CLI itself (`pulumi stack export`). */
    resourceCount(stack: string): number {
        const workDir = path.join(this.stateDir, ".engine", stack);
        const r = spawnSync(
            path.join(cliRoot(), "bin", "pulumi"),
            ["stack", "export", "--stack", stack, "--non-interactive", "--cwd", workDir],
            {
                env: this.env,
                encoding: "utf8",
                maxBuffer: 256 * 1024 * 1024,
            },
        );
        if (r.status !== 0) throw new Error(`pulumi stack export failed: ${r.stderr}`);
        const deployment = (JSON.parse(r.stdout) as { deployment?: { resources?: unknown[] } }).deployment;
        return deployment?.resources?.length ?? 0;
    }

    remove(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/** Every rendered manifest file under a directory. */
export function manifestFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
        .map((e) => path.join(e.parentPath, e.name));
}

/** Content hashes of the committed stack files, to prove a run leaves them as they were. */
export function stackFileHashes(): Record<string, string> {
    return Object.fromEntries(
        fs
            .readdirSync(repoRoot)
            .filter((f) => /^Pulumi(\..+)?\.yaml$/.test(f))
            .map((f) => [
                f,
                crypto
                    .createHash("sha256")
                    .update(fs.readFileSync(path.join(repoRoot, f)))
                    .digest("hex"),
            ]),
    );
}
