import type { PolicyResource } from "@pulumi/policy";
import { A } from "../../aws/types";
import { Labels, namespaceOf, selects } from "../../kubernetes/objects";
import { K } from "../../kubernetes/types";
import { withFix } from "../../message";
import { UNKNOWN } from "../../preview";
import { Contract, Finding, plain } from "./finding";
import { operatorPods, SPILO_POD_LABELS, stackPods } from "./pods";

/** The in-cluster data services whose monitors the contract checks, by the pod labels that identify them. */
const DATA_SERVICES = [
    { service: "PostgreSQL (Spilo/Patroni)", labels: SPILO_POD_LABELS as Labels, managed: A.RdsInstance, managedName: "RDS" },
    {
        service: "PostgreSQL (plain StatefulSet)",
        labels: { "app.kubernetes.io/name": "postgres", "app.kubernetes.io/component": "database" } as Labels,
        managed: A.RdsInstance,
        managedName: "RDS",
    },
    { service: "Redis", labels: { "app.kubernetes.io/name": "redis" } as Labels, managed: A.ReplicationGroup, managedName: "ElastiCache" },
];

interface Pod {
    resource: PolicyResource;
    namespace: string;
    labels: Labels;
}

interface Monitor {
    resource: PolicyResource;
    kind: "PodMonitor" | "ServiceMonitor";
    namespace: string;
    selector: Record<string, any>;
    /** Namespaces it looks in; "any" for namespaceSelector.any. */
    namespaces: string[] | "any";
}

function monitorsOf(resources: PolicyResource[]): { monitors: Monitor[]; complete: boolean } {
    const monitors: Monitor[] = [];
    let complete = true;
    for (const r of resources) {
        if (r.type !== K.PodMonitor && r.type !== K.ServiceMonitor) continue;
        const namespace = namespaceOf(r.props);
        const spec = plain(() => r.props.spec as Record<string, any> | undefined);
        if (namespace === UNKNOWN || spec === UNKNOWN) {
            complete = false;
            continue;
        }
        const nsSel = spec?.namespaceSelector ?? {};
        monitors.push({
            resource: r,
            kind: r.type === K.PodMonitor ? "PodMonitor" : "ServiceMonitor",
            namespace,
            selector: spec?.selector ?? {},
            namespaces: nsSel.any === true ? "any" : ((nsSel.matchNames as string[] | undefined) ?? [namespace]),
        });
    }
    return { monitors, complete };
}

/** Services of the stack with the pod selector they route to. */
function servicesOf(resources: PolicyResource[]): { namespace: string; labels: Labels; podSelector: Labels | undefined }[] {
    const out: { namespace: string; labels: Labels; podSelector: Labels | undefined }[] = [];
    for (const r of resources) {
        if (r.type !== K.Service) continue;
        const read = plain(() => ({
            ns: r.props.metadata?.namespace ?? "default",
            labels: r.props.metadata?.labels ?? {},
            sel: r.props.spec?.selector,
        }));
        if (read !== UNKNOWN) out.push({ namespace: read.ns, labels: read.labels, podSelector: read.sel });
    }
    return out;
}

const inScope = (m: Monitor, namespace: string) => m.namespaces === "any" || m.namespaces.includes(namespace);

/** The pods a monitor scrapes: a PodMonitor selects pods, a ServiceMonitor the pods behind the Services it selects. */
function scrapes(m: Monitor, pod: Pod, services: ReturnType<typeof servicesOf>): boolean {
    if (!inScope(m, pod.namespace)) return false;
    if (m.kind === "PodMonitor") return selects(m.selector, pod.labels);
    return services.some(
        (s) =>
            s.namespace === pod.namespace &&
            inScope(m, s.namespace) &&
            selects(m.selector, s.labels) &&
            !!s.podSelector &&
            selects({ matchLabels: s.podSelector }, pod.labels),
    );
}

/** Whether a monitor is meant for the data service: its selector pins the service's identifying labels. */
function targets(m: Monitor, labels: Labels): boolean {
    const pinned = (m.selector.matchLabels ?? {}) as Labels;
    return Object.entries(labels).every(([k, v]) => pinned[k] === v);
}

/**
 * Data-service monitors exist exactly where the data service runs in the cluster: a PodMonitor/ServiceMonitor aimed at
 * Spilo or Redis pods that the stack does not run (it uses RDS or ElastiCache) scrapes nothing, so the alerts built on
 * it can never fire; and every Patroni cluster and Redis workload the stack runs is scraped by some monitor.
 */
export const dataServiceMonitorsContract: Contract = (resources) => {
    const findings: Finding[] = [];
    const { monitors, complete } = monitorsOf(resources);
    const services = servicesOf(resources);
    const pods: Pod[] = [...stackPods(resources), ...operatorPods(resources)];
    for (const ds of DATA_SERVICES) {
        const running = pods.filter((p) => Object.entries(ds.labels).every(([k, v]) => p.labels[k] === v));
        const managed = resources.filter((r) => r.type === ds.managed).map((r) => r.name);
        for (const m of monitors.filter((x) => targets(x, ds.labels))) {
            if (pods.some((p) => scrapes(m, p, services))) continue;
            const instead = managed.length > 0 ? ` (the stack runs ${ds.managedName} ${managed.join(", ")} instead)` : "";
            findings.push({
                resource: m.resource,
                message: withFix(
                    `${m.kind} targets ${ds.service} pods, but no such pod runs in the stack${instead}: it scrapes nothing and the alerts on its metrics can never fire.`,
                    managed.length > 0
                        ? `drop the monitor on this target and monitor ${ds.managedName} through an exporter or CloudWatch metrics, naming the alert that covers it.`
                        : "select the pods the stack really runs, or drop the monitor.",
                ),
            });
        }
        // A stack that runs no monitor at all has monitoring off by config (dev): nothing to pair the pods with.
        if (!complete || monitors.length === 0) continue;
        const seen = new Set<PolicyResource>();
        for (const p of running) {
            if (seen.has(p.resource) || monitors.some((m) => scrapes(m, p, services))) continue;
            seen.add(p.resource);
            findings.push({
                resource: p.resource,
                message: withFix(
                    `the stack runs ${ds.service} in ${p.namespace}, but no PodMonitor or ServiceMonitor scrapes its pods: its failures raise no alert.`,
                    `add a PodMonitor in ${p.namespace} selecting ${Object.entries(ds.labels)
                        .map(([k, v]) => `${k}: ${v}`)
                        .join(", ")} on the exporter's metrics port.`,
                ),
            });
        }
    }
    return findings;
};
