import { ConfigIssue } from "./issues";

/**
 * Issue paths are built with list indexes (`services[0].port`); users know services by name. Rewrites the leading
 * `services[<index>]` to `services[<name>]` where that service has a name no other service shares (an unnamed or
 * duplicated entry keeps its index, the only unambiguous address it has).
 */
export function nameServicePaths(issues: readonly ConfigIssue[], rawServices: unknown): ConfigIssue[] {
    const names = serviceNames(rawServices);
    return issues.map((issue) => {
        const match = /^services\[(\d+)\]/.exec(issue.path);
        if (!match) return issue;
        const name = names[Number(match[1])];
        return name ? { ...issue, path: `services[${name}]${issue.path.slice(match[0].length)}` } : issue;
    });
}

/** Name per index, or undefined where the name is missing, not a DNS label (itself the error), or used twice. */
export function serviceNames(rawServices: unknown): (string | undefined)[] {
    if (!Array.isArray(rawServices)) return [];
    const names = rawServices.map((s) =>
        s && typeof s === "object" && typeof (s as { name?: unknown }).name === "string" ? (s as { name: string }).name : undefined,
    );
    return names.map((n) =>
        n !== undefined && /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(n) && names.filter((m) => m === n).length === 1 ? n : undefined,
    );
}
