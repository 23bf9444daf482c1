import type { PolicyResource } from "@pulumi/policy";
import { known, Maybe, UNKNOWN } from "../preview";
import { isNamespacedObject } from "./types";

export type Labels = Record<string, string>;

export function labelsOf(props: Record<string, any>): Labels {
    return props.metadata?.labels ?? {};
}

export function annotationsOf(props: Record<string, any>): Record<string, string> {
    return props.metadata?.annotations ?? {};
}

/** Namespace as the API server would default it: absent means `default`. */
export function namespaceOf(props: Record<string, any>): Maybe<string> {
    return known(() => props.metadata?.namespace ?? "default");
}

export function nameOf(props: Record<string, any>): Maybe<string | undefined> {
    return known(() => props.metadata?.name);
}

/**
 * Whether a label selector (matchLabels + matchExpressions) selects `labels`. An empty selector selects
 * everything, as in NetworkPolicy and PodDisruptionBudget.
 */
export function selects(selector: Record<string, any> | undefined, labels: Labels): boolean {
    if (!selector) return false;
    for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
        if (labels[k] !== v) return false;
    }
    for (const e of selector.matchExpressions ?? []) {
        const has = Object.prototype.hasOwnProperty.call(labels, e.key);
        const values: string[] = e.values ?? [];
        switch (e.operator) {
            case "In":
                if (!has || !values.includes(labels[e.key])) return false;
                break;
            case "NotIn":
                if (has && values.includes(labels[e.key])) return false;
                break;
            case "Exists":
                if (!has) return false;
                break;
            case "DoesNotExist":
                if (has) return false;
                break;
            default:
                return false;
        }
    }
    return true;
}

export function isEmptySelector(selector: Record<string, any> | undefined): boolean {
    return !!selector && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** Stack resources of the given types whose namespace is known, with it. */
export function inNamespaces(resources: PolicyResource[], types: string[]): { resource: PolicyResource; namespace: string }[] {
    const out: { resource: PolicyResource; namespace: string }[] = [];
    for (const resource of resources) {
        if (!types.includes(resource.type) || !isNamespacedObject(resource.type)) continue;
        const ns = namespaceOf(resource.props);
        if (ns !== UNKNOWN) out.push({ resource, namespace: ns });
    }
    return out;
}
