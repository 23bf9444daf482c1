/**
 * Reads a stack file (Pulumi.<stack>.yaml or an example in the same `config:` format) without Pulumi: the raw
 * `prod-stack:` values, plus the line of every key so tools can point at the line a finding comes from.
 */
import * as fs from "fs";
import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument } from "yaml";
import { CONFIG_NAMESPACE } from "./load";
import { serviceNames } from "./service-paths";

export interface StackFile {
    file: string;
    /** `prod-stack:` keys without the namespace, as parseStackConfig takes them. */
    raw: Record<string, unknown>;
    /** Line (1-based) of the key at `path` (`services[api].port`, `services[0].port`), or of its nearest ancestor. */
    lineOf(path: string): number | undefined;
}

/** A stack file that cannot be read or is not YAML of the expected shape; the message names the file and line. */
export class StackFileError extends Error {
    constructor(
        readonly file: string,
        readonly line: number | undefined,
        problem: string,
        fix: string,
    ) {
        super(`${file}${line === undefined ? "" : `:${line}`}: ${problem}; fix: ${fix}`);
        this.name = "StackFileError";
    }
}

export function readStackFile(file: string): StackFile {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ENOENT")
            throw new StackFileError(
                file,
                undefined,
                "no such file",
                "check the path (stack files are Pulumi.<stack>.yaml at the project root; examples are under examples/)",
            );
        if (code === "EISDIR")
            throw new StackFileError(file, undefined, "is a directory, not a stack file", "give the path of a .yaml file");
        throw new StackFileError(file, undefined, `cannot be read (${code ?? (e as Error).message})`, "check the file's permissions");
    }
    return parseStackFileText(text, file);
}

export function parseStackFileText(text: string, file: string): StackFile {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: true });
    const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
    const [error] = doc.errors;
    if (error) {
        const problem = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
        throw new StackFileError(
            file,
            error.linePos?.[0].line ?? lineAt(error.pos[0]),
            `YAML syntax error: ${problem}`,
            "correct the YAML at that line (indentation, quoting, a missing `:` or a duplicated key)",
        );
    }
    const root = doc.contents;
    const config = isMap(root) ? root.get("config", true) : undefined;
    if (root !== null && !isMap(root))
        throw new StackFileError(
            file,
            lineAt(root.range?.[0]),
            "expected a mapping with a `config:` key",
            "write the stack file as `config:` followed by `prod-stack:<key>: <value>` entries",
        );
    if (config !== undefined && !isMap(config))
        throw new StackFileError(
            file,
            lineAt((config as Node).range?.[0]),
            "`config` must be a mapping of `prod-stack:<key>` entries",
            "indent the entries under `config:` as `prod-stack:<key>: <value>`",
        );

    const raw: Record<string, unknown> = {};
    const lines = new Map<string, number>();
    const prefix = `${CONFIG_NAMESPACE}:`;
    for (const pair of isMap(config) ? config.items : []) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (!key?.startsWith(prefix)) continue;
        const name = key.slice(prefix.length);
        raw[name] = pair.value === null ? null : (pair.value as Node).toJSON();
        const line = lineAt((pair.key as Node).range?.[0]);
        if (line !== undefined) lines.set(name, line);
        recordLines(pair.value as Node | null, name, lines, lineAt);
    }
    // Services are addressed by name in messages; map those paths onto the same lines.
    serviceNames(raw.services).forEach((svc, i) => {
        if (svc === undefined) return;
        for (const [path, line] of [...lines]) {
            if (path === `services[${i}]` || path.startsWith(`services[${i}].`) || path.startsWith(`services[${i}][`))
                lines.set(`services[${svc}]${path.slice(`services[${i}]`.length)}`, line);
        }
    });
    return { file, raw, lineOf: (path) => nearestLine(path, lines) };
}

function recordLines(
    node: Node | null,
    path: string,
    lines: Map<string, number>,
    lineAt: (o: number | undefined) => number | undefined,
): void {
    if (isMap(node)) {
        for (const pair of node.items) {
            if (!isScalar(pair.key)) continue;
            const child = `${path}.${String(pair.key.value)}`;
            const line = lineAt((pair.key as Node).range?.[0]);
            if (line !== undefined) lines.set(child, line);
            recordLines(pair.value as Node | null, child, lines, lineAt);
        }
    } else if (isSeq(node)) {
        node.items.forEach((item, i) => {
            const child = `${path}[${i}]`;
            const line = lineAt((item as Node | null)?.range?.[0]);
            if (line !== undefined) lines.set(child, line);
            recordLines(item as Node | null, child, lines, lineAt);
        });
    }
}

/** The line of `path`, else of the closest enclosing key that is in the file. */
function nearestLine(path: string, lines: ReadonlyMap<string, number>): number | undefined {
    let p = path;
    for (;;) {
        const line = lines.get(p);
        if (line !== undefined) return line;
        const parent = p.replace(/(\.[^.[\]]+|\[[^\]]*\])$/, "");
        if (parent === p || parent === "") return undefined;
        p = parent;
    }
}
