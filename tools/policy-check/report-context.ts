import type { FindingLocation } from "./locations";

/** What the formatters know about the run besides its findings; every field optional so a bare result formats too. */
export interface ReportContext {
    /** The stack file, as the repository names it (SARIF artifact URI, text summary). */
    stackFile?: string;
    /** The policy config used (`prod`, or a file path). */
    policyConfig?: string;
    /** How many rules ran (the pack less those the policy config disables). */
    rulesRun?: number;
    /** How many resources the program registered. */
    resourceCount?: number;
    /** Finding location by resource URN. */
    locate?: (urn: string | undefined) => FindingLocation;
    /** Show full URNs instead of short resource names (text). */
    showUrns?: boolean;
    /** Base of links to rule sources, e.g. https://github.com/org/repo/blob/<sha> (SARIF helpUri). */
    sourceBaseUri?: string;
    /** Source file of a rule relative to the repository root (`policies/rules/kubernetes/images.ts`). */
    ruleSource?: (rule: string) => string | undefined;
}

/** `kubernetes:apps/v1:Deployment` + `api` -> `Deployment api`; the stack itself when there is no URN. */
export function shortResourceName(urn: string | undefined): string {
    if (urn === undefined) return "(stack)";
    const parts = urn.split("::");
    const name = parts.slice(3).join("::");
    const type = (parts[2] ?? "").split("$").pop() ?? "";
    return `${type.split(":").pop() ?? type} ${name}`.trim();
}
