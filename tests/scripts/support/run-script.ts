import { spawn, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const SCRIPTS_DIR = path.resolve(__dirname, "../../../components/backup/scripts");
export const PROJECT_ROOT = path.resolve(__dirname, "../../..");

export interface ScriptResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Only what a CronJob container would have: no BACKUP_* or PG* leaking in from the test runner. */
function containerEnv(env: Record<string, string>): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: os.tmpdir(), LANG: "C.UTF-8", ...env };
}

export function runScript(script: string, env: Record<string, string>): ScriptResult {
    const result = spawnSync("bash", [path.join(SCRIPTS_DIR, script)], {
        env: containerEnv(env),
        encoding: "utf8",
        timeout: 300_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts a script in its own process group so a test can kill it and everything it started. */
export function startScript(script: string, env: Record<string, string>): { pid: number; done: Promise<number | null> } {
    const child = spawn("bash", [path.join(SCRIPTS_DIR, script)], { env: containerEnv(env), detached: true, stdio: "ignore" });
    const done = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return { pid: child.pid as number, done };
}

/** A fresh key, as the secrets backend would mount it: generated now, never stored in the repo. */
export function writeKeyFile(dir: string, name = "backup.key"): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, crypto.randomBytes(48).toString("base64") + "\n", { mode: 0o600 });
    return file;
}

export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `prod-stack-${prefix}-`));
}

/** Every file under dir, relative, sorted; hidden files included so leftovers are visible to tests. */
export function listFiles(dir: string): string[] {
    const out: string[] = [];
    const walk = (rel: string) => {
        for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
            const child = path.join(rel, entry.name);
            if (entry.isDirectory()) walk(child);
            else out.push(child);
        }
    };
    if (fs.existsSync(dir)) walk("");
    return out.sort();
}

/** Waits until predicate() holds, polling; fails after timeoutMs naming what it waited for. */
export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
    }
}
