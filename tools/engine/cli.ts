/**
 * `npm run preview|up|destroy|refresh -- <stack> [options]`: the real Pulumi engine over this program, with the
 * policy pack, through the Automation API (see README). Exit codes: 0 done, 1 failed or blocked by policy,
 * 2 usage error. Progress goes to stderr; `--json` prints the result on stdout.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { knownStacks } from "./paths";
import { Progress } from "./progress";
import { ACTIONS, type Action, type RunResult, runAction } from "./run";
import { EngineSetupError, type EngineOptions } from "./workspace";

const USAGE = `usage: npm run <${ACTIONS.join("|")}> -- <stack> [--config STACK_FILE] [--render-dir DIR] [--policy-config FILE | --no-policy] [--program FILE] [--json] [--result-file FILE]`;

interface Args {
    action: Action;
    opts: EngineOptions;
    json: boolean;
    resultFile?: string;
}

function usage(message: string): never {
    throw new EngineSetupError(`${message}\n${USAGE}`, 2);
}

export function parseArgs(argv: string[]): Args {
    const [action, ...rest] = argv;
    if (!ACTIONS.includes(action as Action)) usage(`unknown action '${action ?? ""}'`);
    const positional: string[] = [];
    const flags: Record<string, string | true> = {};
    for (let i = 0; i < rest.length; i++) {
        const arg = rest[i];
        if (!arg.startsWith("--")) {
            positional.push(arg);
            continue;
        }
        const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
        if (name === "json" || name === "no-policy") {
            flags[name] = true;
            continue;
        }
        if (!["program", "config", "render-dir", "policy-config", "result-file"].includes(name)) usage(`unknown option --${name}`);
        const value = inline ?? rest[++i];
        if (value === undefined || value.startsWith("--")) usage(`--${name} needs a value`);
        flags[name] = value;
    }
    if (positional.length !== 1)
        usage(positional.length === 0 ? "missing the stack name" : `one stack at a time, got: ${positional.join(" ")}`);
    const stack = positional[0];
    const stacks = knownStacks();
    if (!stacks.includes(stack)) usage(`unknown stack '${stack}': no Pulumi.${stack}.yaml; known stacks: ${stacks.join(", ")}`);
    const policyConfig = flags["policy-config"] as string | undefined;
    if (policyConfig !== undefined && !fs.existsSync(policyConfig)) usage(`--policy-config: no such file ${policyConfig}`);
    if (flags["no-policy"] === true && policyConfig !== undefined) usage("--no-policy and --policy-config exclude each other");
    if (flags["no-policy"] === true && action === "up") usage("up always runs the policy pack (--no-policy is for measuring previews)");
    const program = flags.program as string | undefined;
    if (program !== undefined && !fs.existsSync(program)) usage(`--program: no such file ${program}`);
    const config = flags.config as string | undefined;
    if (config !== undefined && !fs.existsSync(config)) usage(`--config: no such file ${config}`);
    return {
        action: action as Action,
        opts: {
            stack,
            settingsFile: config && path.resolve(config),
            renderDir: flags["render-dir"] as string | undefined,
            policyConfig: policyConfig && path.resolve(policyConfig),
            noPolicy: flags["no-policy"] === true,
            program: program && path.resolve(program),
        },
        json: flags.json === true,
        resultFile: flags["result-file"] as string | undefined,
    };
}

function summarize(r: RunResult, log: (l: string) => void): void {
    const changes =
        Object.entries(r.changes)
            .map(([op, n]) => `${op} ${n}`)
            .join(", ") || "no changes";
    if (r.findings.length > 0) {
        log(`policy findings (${r.findings.length}):`);
        const p = new Progress(r.action, log);
        p.findings.push(...r.findings);
        for (const line of p.report()) log(line);
    }
    for (const e of r.errors) log(`error: ${e}`);
    if (r.blocked) {
        log(
            `${r.action} ${r.stack}: BLOCKED before any change (${r.findings.filter((f) => f.level === "mandatory").length} mandatory policy violations, ${r.errors.length} errors); nothing was created`,
        );
    } else {
        log(`${r.action} ${r.stack}: ${r.ok ? "ok" : "FAILED"} (${changes}; ${r.unchanged} unchanged)`);
    }
}

async function main(argv: string[]): Promise<number> {
    const log = (l: string) => process.stderr.write(`${l}\n`);
    let args: Args;
    try {
        args = parseArgs(argv);
    } catch (e) {
        if (e instanceof EngineSetupError) {
            log(`error: ${e.message}`);
            return e.exitCode;
        }
        throw e;
    }
    try {
        // Loaded only now: usage errors are answered before the SDK loads.
        const { openStack } = await import("./workspace");
        const es = await openStack(args.opts);
        const result = await runAction(args.action, es, args.opts);
        summarize(result, log);
        if (args.resultFile) fs.writeFileSync(args.resultFile, `${JSON.stringify(result, null, 2)}\n`);
        if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
        return result.ok ? 0 : 1;
    } catch (e) {
        if (e instanceof EngineSetupError) {
            log(`error: ${e.message}`);
            return e.exitCode;
        }
        log(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (e) => {
            process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
            process.exit(1);
        },
    );
}
