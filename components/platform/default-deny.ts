import * as k8s from "@pulumi/kubernetes";

/** kube-dns / CoreDNS pods (label set by every mainstream distribution, EKS included). */
export const KUBE_DNS_PEER = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } };

/** Default-deny for every pod of the namespace, ingress and egress, except DNS lookups to kube-dns. */
export function defaultDenySpec(): k8s.types.input.networking.v1.NetworkPolicySpec {
    return {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [],
        egress: [{ to: [KUBE_DNS_PEER], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }],
    };
}
