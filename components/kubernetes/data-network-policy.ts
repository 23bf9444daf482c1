/**
 * NetworkPolicy for one data-layer workload: default deny in both directions for its pods, then the listed ingress and
 * egress rules, plus DNS egress to kube-dns (every client resolves service names).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackContext } from "../contracts";
import { namespacedMeta } from "./metadata";
import { DNS_EGRESS, NetworkPolicyRule, tcpPorts } from "./network-policy";

export interface PolicyRules {
    ingress: NetworkPolicyRule[];
    egress: NetworkPolicyRule[];
}

/** Spec of the policy: pure, unit-tested. */
export function networkPolicySpec(
    podSelector: Record<string, string>,
    rules: PolicyRules,
): k8s.types.input.networking.v1.NetworkPolicySpec {
    return {
        podSelector: { matchLabels: podSelector },
        policyTypes: ["Ingress", "Egress"],
        ingress: rules.ingress.map((r) => ({ from: r.peers, ports: tcpPorts(r.ports) })),
        egress: [DNS_EGRESS, ...rules.egress.map((r) => ({ to: r.peers, ports: tcpPorts(r.ports) }))],
    };
}

export function dataNetworkPolicy(
    name: string,
    ctx: StackContext,
    podSelector: Record<string, string>,
    rules: PolicyRules,
    parent: pulumi.Resource,
    annotations?: Record<string, string>,
): k8s.networking.v1.NetworkPolicy {
    return new k8s.networking.v1.NetworkPolicy(
        name,
        {
            metadata: namespacedMeta(ctx, name, podSelector, annotations),
            spec: networkPolicySpec(podSelector, rules),
        },
        { parent, provider: ctx.k8sProvider },
    );
}
