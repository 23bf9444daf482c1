import * as fs from "fs";
import * as path from "path";
import type { RecordedResource } from "../mock-runner/recorded-resource";
import { oneOf, parseFlags } from "../cli/args";
import type { ConfigCheck } from "../cli/config-check";
import { EXIT, UsageError } from "../cli/exit-codes";
import { displayPath, resolveFile, resolveStack, resolveTarget, Target } from "../cli/target";
import { isPolicyConfigName, loadPackConfig, POLICY_CONFIG_DIR, resolvePackConfig } from "./config";
import { locator } from "./locations";
import { ReportContext } from "./report-context";
import { ruleSourceFiles, sourceBaseUri } from "./rule-sources";

export type RunProgram = (options: { stack?: string; configFile?: string }) => Promise<RecordedResource[]>;

export interface CliDeps {
    runProgram: RunProgram;
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    writeFile?: (file: string, text: string) => void;
    now?: Date;
    /** The config check run before the program (default: the pure loader, tools/cli/config-check.ts). */
    checkConfig?: (target: Target) => ConfigCheck;
    /** Environment for SARIF links (default: process.env). */
    env?: NodeJS.ProcessEnv;
}

export interface CliArgs {
    target: Target;
    policyConfig: string;
    format: "text" | "json" | "sarif";
    output?: string;
    showUrns: boolean;
}

const FORMATS = ["text", "json", "sarif"] as const;
export const USAGE =
    "usage: npm run policy:check -- (<stack> | --stack <stack> | --config <stack-file.yaml>) [--policy-config <stack|file.json>] [--format text|json|sarif] [--output <file>] [--urns]";

function knownPolicyConfigs(): string[] {
    return fs
        .readdirSync(POLICY_CONFIG_DIR)
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.slice(0, -5))
        .sort();
}

/**
 * A stack file given by `--config` (or a positional path) is checked against prod's policy config (the strictest)
 * unless `--stack` or `--policy-config` says otherwise.
 */
export function parseArgs(argv: readonly string[]): CliArgs | "help" {
    const flags = parseFlags(argv, {
        values: ["--stack", "--config", "--format", "--output", "--policy-config"],
        switches: ["--urns"],
        maxPositionals: 1,
    });
    if (flags.help) return "help";
    const [positional] = flags.positionals;
    const stackArg = flags.values.get("--stack");
    const configArg = flags.values.get("--config");
    if (positional !== undefined && (stackArg !== undefined || configArg !== undefined))
        throw new UsageError(`give the target once: ${positional} or --stack / --config`);
    if (positional === undefined && stackArg === undefined && configArg === undefined)
        throw new UsageError("one of --stack or --config (or a stack name / file) is required");
    if (stackArg && /[\\/]|\.ya?ml$/.test(stackArg))
        throw new UsageError(`--stack takes a stack name, found the path ${stackArg}; use --config ${stackArg}`);
    const stack = stackArg === undefined ? undefined : resolveStack(stackArg);
    // --stack with --config: the file's config run as that stack (its name, tags and policy config).
    const target: Target =
        configArg !== undefined ? { ...resolveFile(configArg), stack: stack?.stack } : (stack ?? resolveTarget(positional!));
    const policyConfig = flags.values.get("--policy-config") ?? target.stack ?? "prod";
    if (isPolicyConfigName(policyConfig) && !knownPolicyConfigs().includes(policyConfig)) {
        throw new UsageError(`unknown policy config "${policyConfig}"; known: ${knownPolicyConfigs().join(", ")} (or give a .json file)`);
    }
    if (!isPolicyConfigName(policyConfig) && !fs.existsSync(policyConfig))
        throw new UsageError(`no such policy config file: ${policyConfig}`);
    return {
        target,
        policyConfig,
        format: oneOf("--format", flags.values.get("--format"), FORMATS, "text"),
        output: flags.values.get("--output"),
        showUrns: flags.switches.has("--urns"),
    };
}

/**
 * The whole CLI as a function. Exit codes as every command: 0 clean or advisory only, 1 mandatory violations, invalid
 * config or a failed run, 2 usage.
 */
export async function main(argv: string[], deps: CliDeps): Promise<number> {
    let parsed: CliArgs | "help";
    try {
        parsed = parseArgs(argv);
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        deps.stderr(`${e.message}\n${USAGE}\n`);
        return EXIT.usage;
    }
    if (parsed === "help") {
        deps.stdout(`${USAGE}\n`);
        return EXIT.ok;
    }
    const args = parsed;
    // Loaded only now, so a usage error is answered before zod and the schemas load.
    const check = (deps.checkConfig ?? (require("../cli/config-check") as typeof import("../cli/config-check")).checkConfig)(args.target);
    if (!check.ok) {
        deps.stderr(check.lines.join("\n") + "\n");
        return EXIT.failed;
    }
    // The pack (and with it the Pulumi SDK) loads only once the arguments and the config have been found good.

    const { exitCodeOf, runPolicies } = require("./runner") as typeof import("./runner");
    const { formatJson } = require("./formatters/json") as typeof import("./formatters/json");
    const { formatSarif } = require("./formatters/sarif") as typeof import("./formatters/sarif");
    const { formatText, summaryLine } = require("./formatters/text") as typeof import("./formatters/text");

    try {
        const ownStackFile = args.target.stack !== undefined && path.basename(args.target.file).startsWith(`Pulumi.${args.target.stack}.`);
        const resources = await deps.runProgram({ stack: args.target.stack, configFile: ownStackFile ? undefined : args.target.file });
        const packConfig = loadPackConfig(args.policyConfig);
        const result = await runPolicies(resources, {
            config: packConfig,
            stackTags: args.target.stack ? { stack: args.target.stack } : {},
            now: deps.now,
        });
        const resolved = resolvePackConfig(packConfig, result.policies);
        const sources = ruleSourceFiles();
        const context: ReportContext = {
            stackFile: args.target.displayFile,
            policyConfig: isPolicyConfigName(args.policyConfig) ? args.policyConfig : displayPath(path.resolve(args.policyConfig)),
            resourceCount: resources.length,
            rulesRun: [...resolved.values()].filter((r) => r.enforcementLevel !== "disabled").length,
            locate: locator({ lineOf: check.stackFile.lineOf, resources, serviceNames: check.result.config.services.map((s) => s.name) }),
            showUrns: args.showUrns,
            sourceBaseUri: sourceBaseUri(deps.env ?? process.env),
            ruleSource: (rule) => sources.get(rule),
        };
        const report =
            args.format === "sarif"
                ? formatSarif(result, context)
                : args.format === "json"
                  ? formatJson(result)
                  : formatText(result, context);
        if (args.output) {
            (deps.writeFile ?? ((f, t) => fs.writeFileSync(f, t)))(args.output, report);
            deps.stderr(`${summaryLine(result, context)}\nwrote ${args.format} to ${args.output}\n`);
        } else deps.stdout(report);
        return exitCodeOf(result);
    } catch (e) {
        deps.stderr(`policy-check failed: ${(e as Error).message}\n`);
        return EXIT.failed;
    }
}
