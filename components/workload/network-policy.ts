/**
 * The NetworkPolicy of an app service, on top of the namespace's default-deny: exactly the flows the service needs.
 */
import * as k8s from "@pulumi/kubernetes";
import { ServiceConfig } from "../config";
import { NetworkPeer } from "../contracts";
import { appSelector, networkPolicyPeers, PRIVATE_RANGES, tcpPorts } from "../kubernetes";
import { PROMETHEUS_PEER } from "../peers";

export interface PolicyPeers {
    /** Edge controller pods (admitted to the HTTP port when the service has a route). */
    edge: Omit<NetworkPeer, "ports">;
    database?: NetworkPeer;
    cache?: NetworkPeer;
    /** Every configured service (for calls between app services). */
    services: ServiceConfig[];
    /** What the secrets backend needs the pods to reach (WorkloadSecrets.egress). */
    secrets?: NetworkPeer[];
}

export function metricsPortOf(svc: ServiceConfig): number {
    return svc.metricsPort ?? svc.port;
}

export function networkPolicySpec(svc: ServiceConfig, peers: PolicyPeers): k8s.types.input.networking.v1.NetworkPolicySpec {
    const ingress: k8s.types.input.networking.v1.NetworkPolicyIngressRule[] = [];
    if (svc.route) ingress.push({ from: networkPolicyPeers(peers.edge), ports: tcpPorts([svc.port]) });
    ingress.push({ from: networkPolicyPeers(PROMETHEUS_PEER), ports: tcpPorts([metricsPortOf(svc)]) });
    const callers = peers.services.filter((s) => s.name !== svc.name && s.uses.services.includes(svc.name));
    if (callers.length > 0)
        ingress.push({ from: callers.map((c) => ({ podSelector: { matchLabels: appSelector(c.name) } })), ports: tcpPorts([svc.port]) });

    const egress: k8s.types.input.networking.v1.NetworkPolicyEgressRule[] = [];
    if (svc.uses.database && peers.database) egress.push({ to: networkPolicyPeers(peers.database), ports: tcpPorts(peers.database.ports) });
    if (svc.uses.redis && peers.cache) egress.push({ to: networkPolicyPeers(peers.cache), ports: tcpPorts(peers.cache.ports) });
    for (const dep of svc.uses.services) {
        const callee = peers.services.find((s) => s.name === dep);
        if (callee) egress.push({ to: [{ podSelector: { matchLabels: appSelector(callee.name) } }], ports: tcpPorts([callee.port]) });
    }
    for (const peer of peers.secrets ?? []) egress.push({ to: networkPolicyPeers(peer), ports: tcpPorts(peer.ports) });
    if (svc.uses.externalHttps) egress.push({ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: PRIVATE_RANGES } }], ports: tcpPorts([443]) });

    return { podSelector: { matchLabels: appSelector(svc.name) }, policyTypes: ["Ingress", "Egress"], ingress, egress };
}
