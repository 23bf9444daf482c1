import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { cliRoot, installedVersion, pulumiHome, repoRoot } from "./paths";
import { mergedStackSettings, projectSettings, writeSettings } from "./settings";

/** What the user chose for one engine run. */
export interface EngineOptions {
    stack: string;
    /** The stack settings to deploy; default Pulumi.<stack>.yaml (another file: a variant or an example's config). */
    settingsFile?: string;
    /** Render Kubernetes manifests here instead of the stack's configured `kubernetes.renderDir`. */
    renderDir?: string;
    /** Policy config file; defaults to policies/config/<stack>.json. */
    policyConfig?: string;
    /** Preview without the policy pack (to measure its cost); `up` always runs it. */
    noPolicy?: boolean;
    /** Another program module (default: index.ts), e.g. the benchmark's baseline. */
    program?: string;
    /** Default: $PULUMI_BACKEND_URL, else file://<repo>/.pulumi-state. */
    backendUrl?: string;
}

export interface EngineStack {
    stack: Stack;
    project: string;
    /** The engine's scratch directory: its copy of the stack settings and the policy launchers. */
    workDir: string;
}

type ProgramFn = () => Promise<Record<string, unknown>>;
type ProgramModule = ProgramFn | { default?: ProgramFn };

/** A usage or environment problem the user fixes before anything runs (exit 2 or 1, never a stack trace). */
export class EngineSetupError extends Error {
    constructor(
        message: string,
        readonly exitCode: 1 | 2 = 1,
    ) {
        super(message);
    }
}

function backendDir(url: string): string | undefined {
    return url.startsWith("file://") ? url.slice("file://".length) : undefined;
}

/**
 * The passphrase for the stack's secrets: $PULUMI_CONFIG_PASSPHRASE(_FILE) when set; for dev only, a random one
 * generated once beside the local state (mode 0600, git-ignored) so a newcomer's first `up` just works.
 */
function passphraseEnv(stack: string, stateDir: string | undefined): Record<string, string> {
    if (process.env.PULUMI_CONFIG_PASSPHRASE !== undefined) return { PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE };
    if (process.env.PULUMI_CONFIG_PASSPHRASE_FILE) return { PULUMI_CONFIG_PASSPHRASE_FILE: process.env.PULUMI_CONFIG_PASSPHRASE_FILE };
    if (stack !== "dev" || stateDir === undefined) {
        throw new EngineSetupError(
            `stack ${stack}: set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE (only the local dev stack gets a generated one)`,
            2,
        );
    }
    const file = path.join(stateDir, "dev.passphrase");
    if (!fs.existsSync(file) || fs.statSync(file).size === 0) {
        fs.writeFileSync(file, crypto.randomBytes(32).toString("base64"), { mode: 0o600 });
        process.stderr.write(`engine: generated a passphrase for the local dev stack in ${file}\n`);
    }
    return { PULUMI_CONFIG_PASSPHRASE_FILE: file };
}

/**
 * Opens (creating on first use) the stack in a workspace whose program is index.ts, hosted in this process by the
 * Automation API's inline mode: the CLI talks to the language runtime this process serves, so no Node.js language
 * host binary is needed. The CLI and plugins are those scripts/install-pulumi.sh installed.
 */
export async function openStack(opts: EngineOptions): Promise<EngineStack> {
    const automation = await import("@pulumi/pulumi/automation");
    const backendUrl = opts.backendUrl ?? process.env.PULUMI_BACKEND_URL ?? `file://${path.join(repoRoot, ".pulumi-state")}`;
    const stateDir = backendDir(backendUrl);
    if (stateDir) fs.mkdirSync(stateDir, { recursive: true });
    const workDir = path.join(stateDir ?? path.join(repoRoot, ".pulumi-state"), ".engine", opts.stack);
    const settingsFile = path.join(workDir, `Pulumi.${opts.stack}.yaml`);
    writeSettings(
        settingsFile,
        mergedStackSettings(opts.settingsFile ?? path.join(repoRoot, `Pulumi.${opts.stack}.yaml`), settingsFile, opts.renderDir),
    );

    const root = cliRoot();
    if (!fs.existsSync(path.join(root, "bin", "pulumi"))) {
        throw new EngineSetupError(
            `Pulumi CLI v${installedVersion("@pulumi/pulumi")} is not installed in ${root}/bin; run 'bash scripts/install-pulumi.sh' ` +
                `(it says what it cannot provide). Without the engine: 'npm run render -- ${opts.stack}' and 'npm run policy:check -- --stack ${opts.stack}'.`,
        );
    }
    const pulumiCommand = await automation.PulumiCommand.get({ root });
    const project = projectSettings();
    const program = async () => {
        const mod = require(opts.program ?? path.join(repoRoot, "index.ts")) as ProgramModule;
        // A module that registers its resources when loaded (the baseline) exports nothing to call.
        const main = typeof mod === "function" ? mod : mod.default;
        return typeof main === "function" ? main() : {};
    };
    const stack = await automation.LocalWorkspace.createOrSelectStack(
        { stackName: opts.stack, projectName: project.name, program },
        {
            workDir,
            pulumiCommand,
            pulumiHome: pulumiHome(),
            projectSettings: project as unknown as import("@pulumi/pulumi/automation").ProjectSettings,
            envVars: {
                PULUMI_BACKEND_URL: backendUrl,
                PULUMI_SKIP_UPDATE_CHECK: "true",
                PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
                ...passphraseEnv(opts.stack, stateDir),
            },
        },
    );
    return { stack, project: project.name, workDir };
}
