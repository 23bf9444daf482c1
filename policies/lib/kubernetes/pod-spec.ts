import { K, LONG_RUNNING } from "./types";

export interface ContainerRef {
    container: Record<string, any>;
    /** "containers" or "initContainers": messages name the list so the engineer finds the entry. */
    list: "containers" | "initContainers";
}

export interface PodTemplate {
    /** Labels and annotations of the pods (the template's metadata; the object's own for a bare Pod). */
    metadata: Record<string, any>;
    spec: Record<string, any>;
    longRunning: boolean;
}

/**
 * The one place that knows where each workload kind keeps its pod spec; every pod rule goes through it so a
 * new kind is supported everywhere at once.
 */
export function podTemplateOf(type: string, props: Record<string, any>): PodTemplate | undefined {
    let template: Record<string, any> | undefined;
    if (type === K.Pod) template = props;
    else if (type === K.CronJob) template = props.spec?.jobTemplate?.spec?.template;
    else if ([K.Deployment, K.StatefulSet, K.DaemonSet, K.ReplicaSet, K.Job].includes(type as never)) {
        template = props.spec?.template;
    }
    if (!template) return undefined;
    return {
        metadata: template.metadata ?? {},
        spec: template.spec ?? {},
        longRunning: (LONG_RUNNING as string[]).includes(type),
    };
}

/** Regular and init containers, in that order. */
export function containersOf(spec: Record<string, any>): ContainerRef[] {
    const out: ContainerRef[] = [];
    for (const list of ["containers", "initContainers"] as const) {
        for (const container of spec[list] ?? []) out.push({ container, list });
    }
    return out;
}

export function containerLabel(ref: ContainerRef): string {
    return `${ref.list === "initContainers" ? "init container" : "container"} "${ref.container.name ?? "?"}"`;
}

/** A container-level securityContext field, falling back to the pod-level one as the kubelet does. */
export function effectiveSecurity(spec: Record<string, any>, container: Record<string, any>, field: string): unknown {
    const own = container.securityContext?.[field];
    return own !== undefined ? own : spec.securityContext?.[field];
}
