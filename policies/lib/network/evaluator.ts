/**
 * NetworkPolicy semantics as Kubernetes defines them (networking.k8s.io/v1), over a stack's pods, namespaces and
 * policies, so the contracts checks can prove that the flows a stack needs are allowed and that nothing else is:
 * - a flow between pods needs the source's egress AND the destination's ingress to allow it;
 * - a pod is isolated in a direction only when some policy of its namespace selects it with that policy type
 *   (policyTypes defaults to Ingress, plus Egress when the policy has egress rules); an unisolated pod allows all;
 * - rules of all policies selecting a pod add up (a union); a rule with no peers matches every peer, with no ports
 *   every port;
 * - a peer with namespaceSelector and podSelector selects pods matching both (AND); podSelector alone means the
 *   policy's own namespace; namespaceSelector alone every pod of the matching namespaces; ipBlock matches addresses
 *   outside the pod network (cidr minus except);
 * - ports: protocol (default TCP), a number or a named container port of the destination pod, endPort for ranges.
 */
import { Labels, selects } from "../kubernetes/objects";
import { inCidr } from "./cidr";

export interface PodRef {
    namespace: string;
    labels: Labels;
    /** Named container ports of the pod (name -> number), for policies that name ports. */
    namedPorts?: Record<string, number>;
    /** A readable name for reports. */
    name?: string;
}

export interface NamespaceRef {
    name: string;
    labels: Labels;
}

export interface NetworkPolicyRef {
    namespace: string;
    name?: string;
    spec: Record<string, any>;
}

/** One end of a flow: a pod of the stack, or an address outside the pod network (a managed database, an API). */
export type Endpoint = { pod: PodRef } | { ip: string };

export interface Flow {
    from: Endpoint;
    to: Endpoint;
    port: number;
    protocol?: "TCP" | "UDP" | "SCTP";
}

export class NetworkModel {
    private readonly namespaceLabels = new Map<string, Labels>();

    constructor(
        namespaces: NamespaceRef[],
        private readonly policies: NetworkPolicyRef[],
    ) {
        // The API server sets this label on every namespace; selectors in the stack rely on it.
        for (const ns of namespaces) this.namespaceLabels.set(ns.name, { ...ns.labels, "kubernetes.io/metadata.name": ns.name });
    }

    private labelsOfNamespace(name: string): Labels {
        return this.namespaceLabels.get(name) ?? { "kubernetes.io/metadata.name": name };
    }

    /** Policies of the pod's namespace that select it and apply in the direction. */
    private governing(pod: PodRef, direction: "Ingress" | "Egress"): NetworkPolicyRef[] {
        return this.policies.filter(
            (p) => p.namespace === pod.namespace && selects(p.spec.podSelector ?? {}, pod.labels) && typesOf(p.spec).includes(direction),
        );
    }

    isolated(pod: PodRef, direction: "Ingress" | "Egress"): boolean {
        return this.governing(pod, direction).length > 0;
    }

    /** Whether `peer` (from a rule of a policy in `policyNamespace`) matches the endpoint. */
    private peerMatches(peer: Record<string, any>, policyNamespace: string, endpoint: Endpoint): boolean {
        if (peer.ipBlock) {
            if (!("ip" in endpoint)) return false;
            const block = peer.ipBlock as { cidr: string; except?: string[] };
            return inCidr(endpoint.ip, block.cidr) && !(block.except ?? []).some((e) => inCidr(endpoint.ip, e));
        }
        if (!("pod" in endpoint)) return false;
        const pod = endpoint.pod;
        const nsOk =
            peer.namespaceSelector !== undefined
                ? selects(peer.namespaceSelector, this.labelsOfNamespace(pod.namespace))
                : pod.namespace === policyNamespace;
        const podOk = peer.podSelector !== undefined ? selects(peer.podSelector, pod.labels) : true;
        return nsOk && podOk;
    }

    /** The direction's check on one side: `self` is the pod whose policies decide, `other` the far end. */
    private allows(self: PodRef, direction: "Ingress" | "Egress", other: Endpoint, flow: Flow, destination: Endpoint): boolean {
        const policies = this.governing(self, direction);
        if (policies.length === 0) return true;
        const key = direction === "Ingress" ? "ingress" : "egress";
        const peersKey = direction === "Ingress" ? "from" : "to";
        return policies.some((p) =>
            ((p.spec[key] ?? []) as Record<string, any>[]).some((rule) => {
                const peers = (rule[peersKey] ?? []) as Record<string, any>[];
                const peerOk = peers.length === 0 || peers.some((peer) => this.peerMatches(peer, p.namespace, other));
                return peerOk && portsMatch(rule.ports, flow, destination);
            }),
        );
    }

    /** Whether the flow is allowed: egress at the source (a pod) and ingress at the destination (a pod). */
    allowed(flow: Flow): boolean {
        const egressOk = "pod" in flow.from ? this.allows(flow.from.pod, "Egress", flow.to, flow, flow.to) : true;
        const ingressOk = "pod" in flow.to ? this.allows(flow.to.pod, "Ingress", flow.from, flow, flow.to) : true;
        return egressOk && ingressOk;
    }
}

function typesOf(spec: Record<string, any>): string[] {
    if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0) return spec.policyTypes;
    return spec.egress !== undefined ? ["Ingress", "Egress"] : ["Ingress"];
}

function portsMatch(ports: Record<string, any>[] | undefined, flow: Flow, destination: Endpoint): boolean {
    if (!ports || ports.length === 0) return true;
    const protocol = flow.protocol ?? "TCP";
    return ports.some((p) => {
        if ((p.protocol ?? "TCP") !== protocol) return false;
        if (p.port === undefined) return true;
        let start: number | undefined = typeof p.port === "number" ? p.port : /^\d+$/.test(String(p.port)) ? Number(p.port) : undefined;
        // A named port resolves against the destination pod's container ports; an address has none.
        if (start === undefined) start = "pod" in destination ? destination.pod.namedPorts?.[String(p.port)] : undefined;
        if (start === undefined) return false;
        const end = typeof p.endPort === "number" ? p.endPort : start;
        return flow.port >= start && flow.port <= end;
    });
}
