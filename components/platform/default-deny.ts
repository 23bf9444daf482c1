import * as k8s from "@pulumi/kubernetes";
import { DNS_EGRESS } from "../kubernetes";

/** Default-deny for every pod of the namespace, ingress and egress, except DNS lookups to kube-dns. */
export function defaultDenySpec(): k8s.types.input.networking.v1.NetworkPolicySpec {
    return {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [],
        egress: [DNS_EGRESS],
    };
}
