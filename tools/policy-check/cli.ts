import * as fs from "fs";
import type { RecordedResource } from "../mock-runner/recorded-resource";
import { loadPackConfig } from "./config";
import { formatJson } from "./formatters/json";
import { formatSarif } from "./formatters/sarif";
import { formatText } from "./formatters/text";
import { exitCodeOf, runPolicies } from "./runner";

export type RunProgram = (options: { stack?: string; configFile?: string }) => Promise<RecordedResource[]>;

export interface CliDeps {
    runProgram: RunProgram;
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    writeFile?: (file: string, text: string) => void;
    now?: Date;
}

export interface CliArgs {
    stack?: string;
    configFile?: string;
    policyConfig: string;
    format: "text" | "json" | "sarif";
    output?: string;
}

const FORMATS = { text: formatText, json: formatJson, sarif: formatSarif } as const;
const USAGE = "usage: policy-check (--stack dev|staging|prod | --config <example.yaml>) [--policy-config <stack|file.json>] [--format text|json|sarif] [--output <file>]";

/**
 * `--config` runs an example stack config; its policy config defaults to prod's (the strictest) unless
 * `--stack` or `--policy-config` says otherwise.
 */
export function parseArgs(argv: string[]): CliArgs {
    const values = new Map<string, string>();
    for (let i = 0; i < argv.length; i += 2) {
        const [flag, value] = [argv[i], argv[i + 1]];
        if (!["--stack", "--config", "--format", "--output", "--policy-config"].includes(flag)) throw new Error(`unknown argument ${flag}`);
        if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
        values.set(flag, value);
    }
    const stack = values.get("--stack");
    const configFile = values.get("--config");
    if (!stack && !configFile) throw new Error("one of --stack or --config is required");
    if (stack && !["dev", "staging", "prod"].includes(stack)) throw new Error(`--stack must be dev, staging or prod, found ${stack}`);
    const format = values.get("--format") ?? "text";
    if (!(format in FORMATS)) throw new Error(`--format must be text, json or sarif, found ${format}`);
    return { stack, configFile, format: format as CliArgs["format"], output: values.get("--output"), policyConfig: values.get("--policy-config") ?? stack ?? "prod" };
}

/** The whole CLI as a function: 0 clean or advisory only, 1 mandatory violations, 2 usage or runtime error. */
export async function main(argv: string[], deps: CliDeps): Promise<number> {
    let args: CliArgs;
    try {
        args = parseArgs(argv);
    } catch (e) {
        deps.stderr(`${(e as Error).message}\n${USAGE}\n`);
        return 2;
    }
    try {
        const resources = await deps.runProgram({ stack: args.stack, configFile: args.configFile });
        const result = await runPolicies(resources, { config: loadPackConfig(args.policyConfig), stackTags: args.stack ? { stack: args.stack } : {}, now: deps.now });
        const report = FORMATS[args.format](result);
        if (args.output) (deps.writeFile ?? ((f, t) => fs.writeFileSync(f, t)))(args.output, report);
        else deps.stdout(report);
        if (args.output) deps.stderr(formatText(result).split("\n").slice(-2).join("\n"));
        return exitCodeOf(result);
    } catch (e) {
        deps.stderr(`policy-check failed: ${(e as Error).message}\n`);
        return 2;
    }
}
