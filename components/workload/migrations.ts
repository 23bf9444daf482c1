import * as k8s from "@pulumi/kubernetes";
import { ServiceConfig } from "../config";
import { CacheLayer, DatabaseLayer, NetworkPeer } from "../contracts";
import { networkPolicyPeers, tcpPorts } from "../kubernetes";
import { migrationPodTemplate, PodInputs } from "./pod-spec";

/** Seconds a finished migrations Job (and its logs) stays around. */
export const MIGRATION_TTL_SECONDS = 86400;
/** A migration that runs longer than this is stuck (locks): fail the rollout. */
export const MIGRATION_DEADLINE_SECONDS = 1800;

export function migrationJobSpec(svc: ServiceConfig, pod: PodInputs): k8s.types.input.batch.v1.JobSpec {
    const m = svc.migrations!;
    return {
        backoffLimit: m.backoffLimit,
        ttlSecondsAfterFinished: MIGRATION_TTL_SECONDS,
        activeDeadlineSeconds: MIGRATION_DEADLINE_SECONDS,
        template: migrationPodTemplate(pod, m.command),
    };
}

/**
 * Migrations connect directly to the database primary (DDL, locks). The contract gives the pooler's peer but not the
 * primary's, so the primary is admitted by port only; PgBouncer and Redis by peer.
 */
export function migrationNetworkPolicySpec(
    labels: Record<string, string>,
    database: DatabaseLayer | undefined,
    svc: ServiceConfig,
    cache: CacheLayer | undefined,
    secrets: NetworkPeer[] = [],
): k8s.types.input.networking.v1.NetworkPolicySpec {
    const egress: k8s.types.input.networking.v1.NetworkPolicyEgressRule[] = [];
    for (const peer of secrets) egress.push({ to: networkPolicyPeers(peer), ports: tcpPorts(peer.ports) });
    if (database && svc.uses.database) {
        egress.push({ to: networkPolicyPeers(database.pooler), ports: tcpPorts(database.pooler.ports) });
        egress.push({ ports: tcpPorts([database.primaryPort]) });
    }
    if (cache && svc.uses.redis) egress.push({ to: networkPolicyPeers(cache.peer), ports: tcpPorts(cache.peer.ports) });
    return { podSelector: { matchLabels: labels }, policyTypes: ["Ingress", "Egress"], ingress: [], egress };
}
