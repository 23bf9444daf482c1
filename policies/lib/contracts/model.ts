/**
 * The stack model the contracts work on: every pod the stack runs (declared workloads and the pods operators and
 * charts create), with what references and selectors need. Built once per stack from the `PolicyResource[]` a
 * stack rule gets. Resources whose props are not known yet (preview) are left out and flip `complete` off, so no
 * rule concludes "missing" from a gap.
 *
 * Exported API: `buildModel`, `StackModel`, `ModelWorkload`, `Obj`.
 */
import type { PolicyResource } from "@pulumi/policy";
import { podTemplateOf } from "../kubernetes/pod-spec";
import { kindOf, POD_BEARING } from "../kubernetes/types";
import { CHART_PODS, CHART_TYPES, chartKey, OPERATOR_PODS } from "./generated-pods";
import type { ModelWorkload } from "./workload";

export type { ModelWorkload } from "./workload";

/** A Kubernetes object of the stack with plain (fully known) props. */
export interface Obj {
    resource: PolicyResource;
    type: string;
    kind: string;
    namespace: string;
    name: string;
    props: Record<string, any>;
}

export interface StackModel {
    objects: Obj[];
    workloads: ModelWorkload[];
    /** Helm charts of the stack: key (chart name) -> plain props. */
    charts: { key: string; resource: PolicyResource; props: Record<string, any> }[];
    /** Every resource of the stack (cloud ones too: connection settings may live in a secrets manager's value). */
    resources: PolicyResource[];
    /** false when some resource's props were not known (preview): absence proves nothing then. */
    complete: boolean;
}

function plain(r: PolicyResource): Record<string, any> | undefined {
    try {
        return JSON.parse(JSON.stringify(r.props ?? {}));
    } catch {
        return undefined;
    }
}

function portsOf(spec: Record<string, any>): { ports: number[]; named: Record<string, number> } {
    const ports: number[] = [];
    const named: Record<string, number> = {};
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
        for (const p of c.ports ?? []) {
            if (typeof p.containerPort !== "number") continue;
            ports.push(p.containerPort);
            if (p.name) named[p.name] = p.containerPort;
        }
    }
    return { ports, named };
}

export function buildModel(resources: PolicyResource[]): StackModel {
    const model: StackModel = { objects: [], workloads: [], charts: [], resources, complete: true };
    for (const resource of resources) {
        const isChart = CHART_TYPES.includes(resource.type);
        const k = kindOf(resource.type);
        if (!isChart && !k) continue;
        const props = plain(resource);
        if (!props) {
            model.complete = false;
            continue;
        }
        if (isChart) {
            const key = chartKey(props.chart);
            model.charts.push({ key, resource, props });
            for (const w of CHART_PODS[key]?.(resource, props) ?? []) model.workloads.push({ ...w, resource, origin: "chart" });
            continue;
        }
        const namespace = props.metadata?.namespace ?? "default";
        model.objects.push({ resource, type: resource.type, kind: k!.kind, namespace, name: props.metadata?.name ?? "", props });
        for (const w of OPERATOR_PODS[resource.type]?.(resource, props) ?? []) model.workloads.push({ ...w, resource, origin: "operator" });
        if (!(POD_BEARING as string[]).includes(resource.type)) continue;
        const pod = podTemplateOf(resource.type, props);
        if (!pod) continue;
        const { ports, named } = portsOf(pod.spec);
        const base: ModelWorkload = {
            resource,
            origin: "declared",
            kind: k!.kind,
            namespace,
            name: props.metadata?.name,
            podLabels: pod.metadata.labels ?? {},
            annotations: pod.metadata.annotations ?? {},
            serviceAccount: pod.spec.serviceAccountName ?? "default",
            ports,
            namedPorts: named,
            podSpec: pod.spec,
        };
        if (k!.kind !== "StatefulSet") {
            model.workloads.push(base);
            continue;
        }
        // The StatefulSet controller adds the pod's own name to each pod's labels; per-member Services select it.
        const replicas = typeof props.spec?.replicas === "number" ? props.spec.replicas : 1;
        for (let i = 0; i < Math.max(replicas, 1); i++)
            model.workloads.push({ ...base, podLabels: { ...base.podLabels, "statefulset.kubernetes.io/pod-name": `${base.name}-${i}` } });
    }
    return model;
}

export function objectsOfKind(model: StackModel, ...kinds: string[]): Obj[] {
    return model.objects.filter((o) => kinds.includes(o.kind));
}
