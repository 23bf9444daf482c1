import type { PolicyResource } from "@pulumi/policy";
import { inNamespaces, isEmptySelector, labelsOf, selects } from "../../lib/kubernetes/objects";
import { podTemplateOf } from "../../lib/kubernetes/pod-spec";
import { K, ofType, POD_BEARING } from "../../lib/kubernetes/types";
import { known, UNKNOWN } from "../../lib/preview";
import { withFix } from "../../lib/message";
import { resourceRule, stackRule } from "../../lib/rule";

const tags = ["kubernetes", "network"];

interface Policy {
    namespace: string;
    podSelector: unknown;
    policyTypes: unknown;
}

function networkPolicies(resources: PolicyResource[]): { known: Policy[]; anyUnknown: boolean } {
    const out: Policy[] = [];
    let anyUnknown = false;
    for (const { resource, namespace } of inNamespaces(resources, [K.NetworkPolicy])) {
        const podSelector = known(() => resource.props.spec?.podSelector);
        const policyTypes = known(() => [...(resource.props.spec?.policyTypes ?? [])]);
        if (podSelector === UNKNOWN || policyTypes === UNKNOWN) anyUnknown = true;
        else out.push({ namespace, podSelector, policyTypes });
    }
    // A policy whose namespace is unknown was dropped by inNamespaces; it could cover any namespace.
    anyUnknown ||= resources.some((r) => r.type === K.NetworkPolicy && known(() => r.props.metadata?.namespace) === UNKNOWN);
    return { known: out, anyUnknown };
}

function isDefaultDeny(p: Policy): boolean {
    const types = p.policyTypes as string[];
    return isEmptySelector(p.podSelector as Record<string, any>) && types.includes("Ingress") && types.includes("Egress");
}

export const namespaceDefaultDeny = stackRule(
    {
        name: "k8s-namespace-default-deny",
        description:
            "Every namespace with workloads must have a default-deny NetworkPolicy (empty podSelector, policyTypes Ingress and Egress).",
        remediationSteps:
            "Add a NetworkPolicy with spec.podSelector: {} and spec.policyTypes: [Ingress, Egress] to the namespace, then allow the required flows explicitly.",
        severity: "high",
        tags,
    },
    (ctx) => {
        const policies = networkPolicies(ctx.resources);
        if (policies.anyUnknown) return;
        const reported = new Set<string>();
        for (const { resource, namespace } of inNamespaces(ctx.resources, POD_BEARING)) {
            if (reported.has(namespace)) continue;
            if (!policies.known.some((p) => p.namespace === namespace && isDefaultDeny(p))) {
                reported.add(namespace);
                ctx.report(resource, `namespace ${namespace} has workloads but no default-deny NetworkPolicy.`);
            }
        }
    },
);

export const workloadSelectedByPolicy = stackRule(
    {
        name: "k8s-workload-network-policy",
        description:
            "Every workload's pods must be selected by a NetworkPolicy that names them (non-empty podSelector), so its allowed flows are declared.",
        remediationSteps: "Add a NetworkPolicy whose podSelector matches the pod labels and lists the ingress/egress the workload needs.",
        severity: "medium",
        tags,
    },
    (ctx) => {
        const policies = networkPolicies(ctx.resources);
        if (policies.anyUnknown) return;
        for (const { resource, namespace } of inNamespaces(ctx.resources, POD_BEARING)) {
            const labels = known(() => ({ ...(podTemplateOf(resource.type, resource.props)?.metadata.labels ?? {}) }));
            if (labels === UNKNOWN) continue;
            const covered = policies.known.some(
                (p) =>
                    p.namespace === namespace &&
                    !isEmptySelector(p.podSelector as Record<string, any>) &&
                    selects(p.podSelector as Record<string, any>, labels),
            );
            if (!covered) ctx.report(resource, `no NetworkPolicy in ${namespace} selects the pods of ${resource.name}.`);
        }
    },
);

/** The one Service allowed to be exposed outside the cluster: the edge controller's (Envoy Gateway's proxy). */
export const EDGE_CONTROLLER_LABEL = "prod-stack.io/edge-controller";

export const noExternalServices = resourceRule(
    {
        name: "k8s-no-external-service",
        description: `Services must not be LoadBalancer or NodePort, except the edge controller's Service labelled ${EDGE_CONTROLLER_LABEL}: "true".`,
        remediationSteps:
            "Use type ClusterIP and route traffic through the Gateway; only the edge controller's Service may be a LoadBalancer.",
        severity: "high",
        tags,
    },
    ofType(K.Service),
    (ctx) => {
        const type = ctx.props.spec?.type ?? "ClusterIP";
        if ((type === "LoadBalancer" || type === "NodePort") && labelsOf(ctx.props)[EDGE_CONTROLLER_LABEL] !== "true") {
            ctx.report(`Service type ${type} exposes the workload outside the cluster.`);
        }
    },
);

export const noServiceExternalIps = resourceRule(
    {
        name: "k8s-no-service-external-ips",
        description:
            "Services must not set spec.externalIPs: any namespace user can claim an address this way and intercept its traffic (CVE-2020-8554).",
        remediationSteps: "Remove spec.externalIPs; publish the service through the Gateway (the edge controller's LoadBalancer).",
        severity: "high",
        tags,
    },
    ofType(K.Service),
    (ctx) => {
        const ips: unknown[] = ctx.props.spec?.externalIPs ?? [];
        if (ips.length > 0)
            ctx.report(
                withFix(`spec.externalIPs is set (${ips.join(", ")}).`, "remove spec.externalIPs and route traffic through the Gateway."),
            );
    },
);

export const networkRules = [namespaceDefaultDeny, workloadSelectedByPolicy, noExternalServices, noServiceExternalIps];
