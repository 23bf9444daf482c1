import { CONFIG_NAMESPACE, parseStackConfig, ParseResult } from "../../components/config/load";
import { renderIssue } from "../../components/config/issues";
import { readStackFile, StackFile, StackFileError } from "../../components/config/stack-file";
import { Target } from "./target";

export type ConfigCheck =
    { ok: true; stackFile: StackFile; result: Extract<ParseResult, { ok: true }> } | { ok: false; stackFile?: StackFile; lines: string[] };

/**
 * Reads and validates a target's config without Pulumi: the pure loader every command runs first, so that a bad
 * config costs a second, not a program run. Problems come back as `file:line: prod-stack:key: ...` lines.
 */
export function checkConfig(target: Target): ConfigCheck {
    let stackFile: StackFile;
    try {
        stackFile = readStackFile(target.file);
    } catch (e) {
        if (e instanceof StackFileError) return { ok: false, lines: [e.message.replace(target.file, target.displayFile)] };
        throw e;
    }
    const result = parseStackConfig(stackFile.raw);
    if (result.ok) return { ok: true, stackFile, result };
    // In file order, as an editor walks them.
    const lines = result.issues
        .map((issue) => ({ line: stackFile.lineOf(issue.path) ?? 1, text: renderIssue(issue, `${CONFIG_NAMESPACE}:`) }))
        .sort((a, b) => a.line - b.line)
        .map(({ line, text }) => `${target.displayFile}:${line}: ${text}`);
    return { ok: false, stackFile, lines: [...lines, `${lines.length} problem${lines.length === 1 ? "" : "s"} in ${target.displayFile}`] };
}
