import type { PolicyResource } from "@pulumi/policy";
import { known, Maybe, UNKNOWN } from "../preview";
import { Labels, nameOf, namespaceOf } from "./objects";
import { podTemplateOf } from "./pod-spec";
import { K, kindOf, REPLICATED } from "./types";

export interface Workload {
    resource: PolicyResource;
    kind: string;
    namespace: string;
    name: string | undefined;
    podLabels: Labels;
    podSpec: Record<string, any>;
    /** spec.replicas as written; undefined means the API default of 1. */
    replicas: Maybe<number | undefined>;
    /** Highest minReplicas of the HPAs targeting it; undefined when none does. */
    hpaMin: number | undefined;
    /** An HPA in the namespace has an unknown target, so replica conclusions about this workload are unsafe. */
    hpaAmbiguous: boolean;
}

interface Hpa {
    namespace: Maybe<string>;
    kind: Maybe<string>;
    name: Maybe<string | undefined>;
    min: Maybe<number>;
}

function hpasOf(resources: PolicyResource[]): Hpa[] {
    return resources
        .filter((r) => r.type === K.HorizontalPodAutoscaler)
        .map((r) => ({
            namespace: namespaceOf(r.props),
            kind: known(() => r.props.spec?.scaleTargetRef?.kind),
            name: known(() => r.props.spec?.scaleTargetRef?.name),
            min: known(() => r.props.spec?.minReplicas ?? 1),
        }));
}

/**
 * Deployments and StatefulSets with what the availability rules need, joined with the HPAs that scale them.
 * Workloads whose namespace or pod template is not known yet are left out: nothing can be concluded about them.
 */
export function replicatedWorkloads(resources: PolicyResource[]): Workload[] {
    const hpas = hpasOf(resources);
    const out: Workload[] = [];
    for (const resource of resources) {
        if (!(REPLICATED as string[]).includes(resource.type)) continue;
        const namespace = namespaceOf(resource.props);
        const name = nameOf(resource.props);
        const pod = known(() => podTemplateOf(resource.type, resource.props));
        const podLabels = known(() => ({ ...(pod !== UNKNOWN ? pod?.metadata.labels : {}) }));
        if (namespace === UNKNOWN || name === UNKNOWN || pod === UNKNOWN || !pod || podLabels === UNKNOWN) continue;
        const kind = kindOf(resource.type)!.kind;
        let hpaMin: number | undefined;
        let hpaAmbiguous = false;
        for (const h of hpas) {
            if (
                h.namespace === UNKNOWN ||
                h.kind === UNKNOWN ||
                h.name === UNKNOWN ||
                h.min === UNKNOWN ||
                h.name === undefined ||
                name === undefined
            ) {
                if (h.namespace === UNKNOWN || h.namespace === namespace) hpaAmbiguous = true;
                continue;
            }
            if (h.namespace === namespace && h.kind === kind && h.name === name) hpaMin = Math.max(hpaMin ?? 0, h.min);
        }
        out.push({
            resource,
            kind,
            namespace,
            name,
            podLabels,
            podSpec: pod.spec,
            replicas: known(() => resource.props.spec?.replicas),
            hpaMin,
            hpaAmbiguous,
        });
    }
    return out;
}

/** Replicas the workload is guaranteed to keep, or UNKNOWN when that cannot be determined yet. */
export function guaranteedReplicas(w: Workload): Maybe<number> {
    if (w.hpaMin !== undefined) return w.hpaMin;
    if (w.hpaAmbiguous || w.replicas === UNKNOWN) return UNKNOWN;
    return w.replicas ?? 1;
}

/** Whether the workload may run more than one pod (fixed replicas > 1 or any HPA). */
export function mayRunSeveral(w: Workload): Maybe<boolean> {
    if (w.hpaMin !== undefined) return true;
    if (w.replicas === UNKNOWN) return UNKNOWN;
    return (w.replicas ?? 1) > 1;
}
