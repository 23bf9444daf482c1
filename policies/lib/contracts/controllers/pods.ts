import type { PolicyResource } from "@pulumi/policy";
import { Labels, namespaceOf } from "../../kubernetes/objects";
import { podTemplateOf } from "../../kubernetes/pod-spec";
import { K, POD_BEARING } from "../../kubernetes/types";
import { UNKNOWN } from "../../preview";
import { plain } from "./finding";

/** A pod template of the stack as the controllers see it: where it runs and what it asks for. */
export interface StackPod {
    resource: PolicyResource;
    namespace: string;
    labels: Labels;
    annotations: Record<string, string>;
    spec: Record<string, any>;
    /** Job or CronJob: its pods must terminate. */
    batch: boolean;
}

/** Every pod template whose namespace and template are known (undecided ones are left out, as in workloads.ts). */
export function stackPods(resources: PolicyResource[]): StackPod[] {
    const out: StackPod[] = [];
    for (const resource of resources) {
        if (!(POD_BEARING as string[]).includes(resource.type)) continue;
        const namespace = namespaceOf(resource.props);
        const template = plain(() => podTemplateOf(resource.type, resource.props));
        if (namespace === UNKNOWN || template === UNKNOWN || !template) continue;
        out.push({
            resource,
            namespace,
            labels: template.metadata.labels ?? {},
            annotations: template.metadata.annotations ?? {},
            spec: template.spec,
            batch: resource.type === K.Job || resource.type === K.CronJob,
        });
    }
    return out;
}

/** Labels the Zalando postgres-operator puts on the Spilo pods of a `postgresql` cluster (its default cluster_labels). */
export const SPILO_POD_LABELS = { application: "spilo" } as const;
/** The operator's cluster_name_label: each Spilo pod carries its cluster's name under it. */
export const SPILO_CLUSTER_LABEL = "cluster-name";

/** Pods an operator creates from a custom resource of the stack (they appear in no pod template). */
export function operatorPods(resources: PolicyResource[]): { resource: PolicyResource; namespace: string; labels: Labels }[] {
    const out: { resource: PolicyResource; namespace: string; labels: Labels }[] = [];
    for (const resource of resources) {
        if (resource.type !== K.Postgresql) continue;
        const namespace = namespaceOf(resource.props);
        const name = plain(() => resource.props.metadata?.name as string | undefined);
        if (namespace === UNKNOWN || name === UNKNOWN || !name) continue;
        out.push({ resource, namespace, labels: { ...SPILO_POD_LABELS, [SPILO_CLUSTER_LABEL]: name } });
    }
    return out;
}
