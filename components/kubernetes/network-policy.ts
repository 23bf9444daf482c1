import * as k8s from "@pulumi/kubernetes";
import { NetworkPeer } from "../contracts";

type K8sPeer = k8s.types.input.networking.v1.NetworkPolicyPeer;

/** kube-dns / CoreDNS pods (label set by every mainstream distribution, EKS included). */
export const KUBE_DNS_PEER: K8sPeer = {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
    podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
};

/** DNS lookups to kube-dns: every pod resolves service names, so every egress policy carries this rule. */
export const DNS_EGRESS: k8s.types.input.networking.v1.NetworkPolicyEgressRule = {
    to: [KUBE_DNS_PEER],
    ports: [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
    ],
};

/** One ingress or egress rule: who, on which TCP ports. */
export interface NetworkPolicyRule {
    peers: K8sPeer[];
    ports: number[];
}

/** NetworkPolicy peers for a NetworkPeer: pods (optionally in another namespace) or external CIDRs. */
export function networkPolicyPeers(peer: Omit<NetworkPeer, "ports">): K8sPeer[] {
    if (peer.ipBlocks && peer.ipBlocks.length > 0) return peer.ipBlocks.map((cidr) => ({ ipBlock: { cidr } }));
    if (!peer.podSelector && !peer.namespaceSelector) {
        throw new Error("a network peer needs a podSelector, a namespaceSelector or ipBlocks (an empty peer would admit everything)");
    }
    return [
        {
            ...(peer.podSelector ? { podSelector: { matchLabels: peer.podSelector } } : {}),
            ...(peer.namespaceSelector ? { namespaceSelector: { matchLabels: peer.namespaceSelector } } : {}),
        },
    ];
}

/** A rule from a NetworkPeer and its ports. */
export function ruleFor(peer: NetworkPeer): NetworkPolicyRule {
    return { peers: networkPolicyPeers(peer), ports: peer.ports };
}

export function tcpPorts(ports: number[]): k8s.types.input.networking.v1.NetworkPolicyPort[] {
    return [...new Set(ports)].map((port) => ({ protocol: "TCP", port }));
}

/** RFC 1918 ranges: where a VPC's addresses are (managed data services outside the pod network). */
export const VPC_PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/** Private and link-local ranges excluded from "the internet" egress. */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10", "127.0.0.0/8"];
