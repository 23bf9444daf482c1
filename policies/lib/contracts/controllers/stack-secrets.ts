import type { PolicyResource } from "@pulumi/policy";
import { nameOf, namespaceOf } from "../../kubernetes/objects";
import { K } from "../../kubernetes/types";
import { known, UNKNOWN } from "../../preview";
import { plain } from "./finding";

/** A Kubernetes Secret that will exist once the stack is up, and the keys it will hold ("any": not knowable here). */
export interface ProducedSecret {
    namespace: string;
    name: string;
    keys: Set<string> | "any";
    producer: PolicyResource;
}

function secretObject(r: PolicyResource): ProducedSecret | undefined | typeof UNKNOWN {
    const namespace = namespaceOf(r.props);
    const name = nameOf(r.props);
    // Keys only: during preview the values are unknown, the keys are not.
    const keys = known(() => [...Object.keys(r.props.data ?? {}), ...Object.keys(r.props.stringData ?? {})]);
    if (namespace === UNKNOWN || name === UNKNOWN || keys === UNKNOWN) return UNKNOWN;
    return name ? { namespace, name, keys: new Set(keys), producer: r } : undefined;
}

/**
 * What External Secrets Operator writes for an ExternalSecret: the target Secret (spec.target.name, default the
 * ExternalSecret's name) with the keys of data[].secretKey, or of the template when it replaces them; dataFrom extracts
 * whatever keys the provider holds. creationPolicy None or Merge creates nothing (the Secret must exist already).
 */
function externalSecret(r: PolicyResource): ProducedSecret | undefined | typeof UNKNOWN {
    const namespace = namespaceOf(r.props);
    const own = nameOf(r.props);
    const spec = plain(() => r.props.spec as Record<string, any> | undefined);
    if (namespace === UNKNOWN || own === UNKNOWN || spec === UNKNOWN) return UNKNOWN;
    const target = spec?.target ?? {};
    const name: string | undefined = target.name ?? own;
    if (!name || ["None", "Merge"].includes(target.creationPolicy)) return undefined;
    const template = target.template ?? {};
    const templated = (template.data || template.templateFrom) && template.mergePolicy !== "Merge";
    let keys: Set<string> | "any";
    if (templated) keys = template.templateFrom ? "any" : new Set(Object.keys(template.data));
    else if ((spec?.dataFrom ?? []).length > 0) keys = "any";
    else keys = new Set(((spec?.data ?? []) as { secretKey?: string }[]).map((d) => d.secretKey).filter((k): k is string => !!k));
    return { namespace, name, keys, producer: r };
}

/** Every Secret the stack creates or has External Secrets create; `complete` is false when some are still unknown. */
export function producedSecrets(resources: PolicyResource[]): { secrets: ProducedSecret[]; complete: boolean } {
    const secrets: ProducedSecret[] = [];
    let complete = true;
    for (const r of resources) {
        const produced = r.type === K.Secret ? secretObject(r) : r.type === K.ExternalSecret ? externalSecret(r) : undefined;
        if (produced === UNKNOWN) complete = false;
        else if (produced) secrets.push(produced);
    }
    return { secrets, complete };
}
