import { z } from "zod";
import { knownKeysAt, unknownKeyFix } from "./key-suggest";

/** One problem with the stack configuration, addressed by its key path (e.g. `services[1].autoscaling.min`). */
export interface ConfigIssue {
    path: string;
    expected: string;
    found: string;
    /** How to fix it. Checks give one when there is more to say than "expected X"; `withFix` supplies the rest. */
    fix?: string;
}

/** Renders a path array as users write it in YAML: `services[1].autoscaling.min`. */
export function formatPath(path: readonly PropertyKey[]): string {
    let out = "";
    for (const part of path) {
        if (typeof part === "number") out += `[${part}]`;
        else out += out === "" ? String(part) : `.${String(part)}`;
    }
    return out === "" ? "(root)" : out;
}

/** Short, human rendering of a found value: never the whole object, never a long string. */
export function describeValue(value: unknown): string {
    if (value === undefined) return "nothing (key missing)";
    if (value === null) return "null";
    if (Array.isArray(value)) return `a list of ${value.length}`;
    if (typeof value === "object") return `an object with keys ${Object.keys(value as object).join(", ") || "(none)"}`;
    if (typeof value === "string") return value.length > 60 ? `"${value.slice(0, 57)}..."` : `"${value}"`;
    return String(value);
}

/**
 * Turns zod's issues into ours, phrased as "expected ..., found ...". `schema` (the one that produced the issues) lets
 * an unknown key be answered with the nearest key it accepts.
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = [], schema?: z.ZodType): ConfigIssue[] {
    return issues.flatMap((issue): ConfigIssue[] => {
        const path = [...prefix, ...issue.path];
        const found = describeValue((issue as { input?: unknown }).input);
        switch (issue.code) {
            case "invalid_type":
                return [
                    {
                        path: formatPath(path),
                        expected: issue.expected === "nonoptional" ? "a value" : `${article(issue.expected)}`,
                        found,
                    },
                ];
            case "unrecognized_keys":
                return issue.keys.map((key) => ({
                    path: formatPath([...path, key]),
                    expected: "no such key",
                    found: "an unknown key",
                    fix: unknownKeyFix(key, schema ? knownKeysAt(schema, issue.path) : []),
                }));
            case "too_small":
                return [
                    {
                        path: formatPath(path),
                        expected: `${issue.origin === "array" ? "at least" : issue.inclusive ? ">=" : ">"} ${String(issue.minimum)}${issue.origin === "array" ? " items" : issue.origin === "string" ? " characters" : ""}`,
                        found,
                        fix: customFix(issue.message),
                    },
                ];
            case "too_big":
                return [
                    {
                        path: formatPath(path),
                        expected: `${issue.origin === "array" ? "at most" : issue.inclusive ? "<=" : "<"} ${String(issue.maximum)}${issue.origin === "array" ? " items" : issue.origin === "string" ? " characters" : ""}`,
                        found,
                        fix: customFix(issue.message),
                    },
                ];
            case "invalid_value":
                return [{ path: formatPath(path), expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`, found }];
            case "invalid_union": {
                const discriminator = (issue as { note?: string }).note;
                return [{ path: formatPath(path), expected: discriminator ?? issue.message, found }];
            }
            case "invalid_format":
                return [{ path: formatPath(path), expected: issue.message, found }];
            default: {
                // Refinements phrase their message as "<expected>; fix: <fix>".
                const [expected, fix] = issue.message.split("; fix: ");
                return [{ path: formatPath(path), expected, found, ...(fix ? { fix } : {}) }];
            }
        }
    });
}

/** Schemas attach "fix: ..." messages to refinements that need explaining; zod's stock messages carry no fix. */
function customFix(message: string): string | undefined {
    return message.startsWith("fix: ") ? message.slice(5) : undefined;
}

function article(word: string): string {
    return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

/** The issue with a fix: its own, or one read off what was expected (every message a user sees says what to do). */
export function withFix(issue: ConfigIssue): ConfigIssue & { fix: string } {
    if (issue.fix) return { ...issue, fix: issue.fix };
    const fix = issue.found === describeValue(undefined) ? `add the key: ${issue.expected}` : `change the value to ${issue.expected}`;
    return { ...issue, fix };
}

export function renderIssue(issue: ConfigIssue, keyPrefix: string): string {
    return `${keyPrefix}${issue.path}: expected ${issue.expected}, found ${issue.found}; fix: ${withFix(issue).fix}`;
}

/**
 * Thrown before any resource is registered when the configuration is invalid. Carries every issue at once so a
 * platform engineer fixes the stack file in one pass.
 */
export class ConfigError extends Error {
    constructor(
        readonly issues: ConfigIssue[],
        keyPrefix = "",
    ) {
        super(
            `stack configuration is invalid (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n` +
                issues.map((i) => `  - ${renderIssue(i, keyPrefix)}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}
