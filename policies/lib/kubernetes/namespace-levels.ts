import type { PolicyResource } from "@pulumi/policy";
import { known, UNKNOWN } from "../preview";
import { PSS_LEVELS, PssLevel } from "./pss-values";
import { K } from "./types";

export const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

export interface NamespaceLevels {
    /** The enforced level of a namespace, or `fallback` when the stack does not say (namespace or label absent). */
    levelOf(namespace: string): PssLevel;
    /** A Namespace whose name or labels are unknown during preview: no level conclusion is safe. */
    anyUnknown: boolean;
}

/**
 * Pod Security levels the stack's Namespaces enforce. A label value Pod Security admission cannot parse is enforced
 * as restricted, as admission does; a namespace the stack does not label gets `fallback`, since the cluster's own
 * default is not visible to the pack.
 */
export function namespaceLevels(resources: PolicyResource[], fallback: PssLevel): NamespaceLevels {
    const levels = new Map<string, PssLevel>();
    let anyUnknown = false;
    for (const r of resources.filter((x) => x.type === K.Namespace)) {
        const entry = known(() => ({
            name: r.props.metadata?.name as string | undefined,
            label: r.props.metadata?.labels?.[ENFORCE_LABEL] as unknown,
        }));
        if (entry === UNKNOWN || entry.name === undefined) {
            anyUnknown = true;
            continue;
        }
        if (entry.label === undefined) continue;
        levels.set(entry.name, (PSS_LEVELS as readonly unknown[]).includes(entry.label) ? (entry.label as PssLevel) : "restricted");
    }
    return { levelOf: (ns) => levels.get(ns) ?? fallback, anyUnknown };
}
