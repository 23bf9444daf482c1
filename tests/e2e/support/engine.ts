import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot, type Toolchain } from "./toolchain";

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** What the program needs to run from a scratch directory; node_modules is linked, not copied. */
const PROGRAM_FILES = ["Pulumi.yaml", "Pulumi.dev.yaml", "index.ts", "tsconfig.json", "package.json", "components"];

/**
 * A throw-away copy of the program with its own file backend and passphrase secrets provider, so
 * the real engine can run preview/up/destroy without touching the work tree or any cloud.
 */
export class ScratchProject {
  readonly dir: string;
  readonly stateDir: string;
  readonly renderDir: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly toolchain: Toolchain) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "prod-stack-e2e-"));
    this.stateDir = path.join(this.dir, ".state");
    this.renderDir = path.join(this.dir, "manifests");
    fs.mkdirSync(this.stateDir);
    for (const entry of PROGRAM_FILES) {
      fs.cpSync(path.join(repoRoot, entry), path.join(this.dir, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(this.dir, "node_modules"));
    this.env = {
      ...process.env,
      PATH: `${toolchain.binDir}${path.delimiter}${path.join(repoRoot, "node_modules/.bin")}${path.delimiter}${process.env.PATH}`,
      PULUMI_HOME: path.dirname(path.dirname(path.dirname(toolchain.binDir))),
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      // Random per run and never written to disk: the stack's secrets exist only for this test.
      PULUMI_CONFIG_PASSPHRASE: crypto.randomBytes(24).toString("base64"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
  }

  pulumi(args: string[]): RunResult {
    const r = spawnSync(this.toolchain.pulumi, [...args, "--non-interactive", "--cwd", this.dir], {
      env: this.env,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  }

  /** Runs pulumi and fails with its output when it exits non-zero. */
  pulumiOk(args: string[]): RunResult {
    const r = this.pulumi(args);
    if (r.status !== 0) {
      throw new Error(`pulumi ${args.join(" ")} exited ${r.status}\n--- stdout\n${r.stdout.slice(-8000)}\n--- stderr\n${r.stderr.slice(-8000)}`);
    }
    return r;
  }

  initDevStack(): void {
    this.pulumiOk(["stack", "init", "dev", "--secrets-provider", "passphrase"]);
    this.pulumiOk(["config", "set", "--path", "kubernetes.renderDir", this.renderDir, "--stack", "dev"]);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Policy-pack flags for the repo's pack with the given config file. */
export function policyArgs(configFile: string): string[] {
  return ["--policy-pack", path.join(repoRoot, "policies"), "--policy-pack-config", configFile];
}

/** The change counts of a `pulumi up/preview --json` result, without the unchanged ("same") entry. */
export function changesOf(jsonStdout: string): Record<string, number> {
  const summary = (JSON.parse(jsonStdout) as { changeSummary?: Record<string, number> }).changeSummary ?? {};
  return Object.fromEntries(Object.entries(summary).filter(([op, n]) => op !== "same" && n > 0));
}

/** Every rendered manifest file under a directory. */
export function manifestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}
