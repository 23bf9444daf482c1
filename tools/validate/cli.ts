import { parseFlags } from "../cli/args";
import { EXIT, UsageError } from "../cli/exit-codes";
import { resolveTarget } from "../cli/target";

export const USAGE = "usage: npm run validate -- <stack | stack-file.yaml>   (e.g. prod, examples/tria.yaml)";

export interface ValidateIo {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
}

/**
 * Checks a stack's config (schema, presets, cross-field rules) and nothing else: no Pulumi SDK, no provider, so the
 * answer comes in about a second. 0 valid, 1 invalid, 2 usage.
 */
export function main(argv: readonly string[], io: ValidateIo): number {
    let targetArg: string;
    try {
        const flags = parseFlags(argv, { values: [], maxPositionals: 1 });
        if (flags.help) {
            io.stdout(`${USAGE}\n`);
            return EXIT.ok;
        }
        if (flags.positionals.length === 0) throw new UsageError("a stack name or stack file is required");
        targetArg = flags.positionals[0];
    } catch (e) {
        return usage(e, io);
    }
    let target;
    try {
        target = resolveTarget(targetArg);
    } catch (e) {
        return usage(e, io);
    }
    // Loaded only now, so a usage error is answered before zod and the schemas load.
    const { checkConfig } = require("../cli/config-check") as typeof import("../cli/config-check");
    const check = checkConfig(target);
    if (!check.ok) {
        io.stderr(check.lines.join("\n") + "\n");
        return EXIT.failed;
    }
    const { config } = check.result;
    io.stdout(
        `${target.displayFile}: valid (${config.environment}, ${config.target} target, ${config.services.length} service${config.services.length === 1 ? "" : "s"}: ${config.services.map((s) => s.name).join(", ")})\n`,
    );
    return EXIT.ok;
}

function usage(e: unknown, io: ValidateIo): number {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`${e.message}\n${USAGE}\n`);
    return EXIT.usage;
}
