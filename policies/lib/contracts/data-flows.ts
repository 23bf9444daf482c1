/**
 * Required flows to the stack's data and secrets services (contract 3), derived from what the resources carry:
 * - every connection a pod's settings name (connection-settings.ts): app -> PgBouncer (DATABASE_URL), PgBouncer ->
 *   the Postgres server (pgbouncer.ini), migrations / backups / verification -> the server (admin URL, PGHOST),
 *   app -> Redis or the Redis proxy (REDIS_URL), the proxy -> the Redis members (haproxy.cfg). A host that is a
 *   Service of the stack (`<svc>.<ns>.svc...`, or `<pod>.<headless svc>.<ns>.svc...`) becomes a flow to its pods on
 *   the Service's target port; any other host (RDS, ElastiCache) is an address in the VPC;
 * - every Vault-injected pod (`vault.hashicorp.com/agent-inject: "true"`) and every pod given a plain `VAULT_ADDR`
 *   -> the Vault server pods (chart table, generated-pods.ts) on 8200;
 * - a backup destination `s3://...` (BACKUP_DESTINATION) -> HTTPS egress to the internet;
 * - a `VAULT_ADDR` outside the cluster -> egress to that port in the VPC or on the internet;
 * - members of one data-service StatefulSet with several replicas -> each other on the ports of its headless
 *   Service (replication, Sentinel).
 * A needed destination that does not run in the stack is a `MissingService`, unless the pod declares it external
 * (annotation prod-stack.io/external-services: "vault,...").
 */
import { selects } from "../kubernetes/objects";
import { Connection, connectionsOf } from "./connection-settings";
import { ModelWorkload, objectsOfKind, StackModel } from "./model";
import { podRef, RequiredFlow, resolvePort } from "./required-flow";

export const EXTERNAL_SERVICES_ANNOTATION = "prod-stack.io/external-services";
/** Stands for a managed data service's address: RDS and ElastiCache endpoints resolve into the VPC (RFC 1918). */
export const VPC_ADDRESS = "10.0.0.10";
/** Stands for S3 and other public HTTPS APIs (an address outside every private range). */
export const PUBLIC_ADDRESS = "52.216.0.10";
export const VAULT_PORT = 8200;

export interface MissingService {
    from: ModelWorkload;
    service: string;
    why: string;
}

/**
 * The stack's pods behind a connection's host and the port each listens on; [] when nothing in the stack serves it;
 * "outside" for a host outside the cluster, "unseen" for one a chart's Service may serve (the model sees no chart
 * Services, so that proves nothing either way). Services the stack
 * declares are looked up with their selectors; the Zalando operator's own Services (`<cluster>` for the leader,
 * `<cluster>-repl` for replicas) stand for the cluster's Spilo pods, a chart's release-named Service for its pods.
 */
function podsBehind(model: StackModel, from: ModelWorkload, c: Connection): { pod: ModelWorkload; port: number }[] | "outside" | "unseen" {
    const inCluster = /\.svc(\.cluster\.local)?$/.test(c.host) || !c.host.includes(".");
    const parts = c.host.replace(/\.svc(\.cluster\.local)?$/, "").split(".");
    if (!inCluster || parts.length > 3) return "outside";
    const [podName, svcName, ns] = parts.length === 3 ? parts : [undefined, parts[0], parts[1] ?? from.namespace];
    const svc = objectsOfKind(model, "Service").find((s) => s.name === svcName && s.namespace === ns);
    const selector = svc?.props.spec?.selector;
    if (!svc) {
        // Services the stack does not declare: an operator's (named after its cluster) or a chart's (after its release).
        const made = model.workloads.filter(
            (w) => w.origin !== "declared" && w.namespace === ns && (w.name === svcName || `${w.name}-repl` === svcName),
        );
        if (made.length > 0) return made.map((pod) => ({ pod, port: c.port }));
        // A chart in that namespace may name its Services otherwise: unknown is not missing.
        if (model.charts.some((ch) => (ch.props.namespace ?? "default") === ns)) return "unseen";
        return [];
    }
    if (!selector || Object.keys(selector).length === 0) return [];
    const sp = (svc.props.spec?.ports ?? []).find((p: any) => p.port === c.port);
    return model.workloads
        .filter((w) => w.namespace === ns && selects({ matchLabels: selector }, w.podLabels))
        .filter((w) => !podName || w.podLabels["statefulset.kubernetes.io/pod-name"] === podName)
        .map((pod) => ({ pod, port: resolvePort(sp?.targetPort ?? sp?.port ?? c.port, pod) ?? c.port }));
}

function external(w: ModelWorkload, service: string): boolean {
    return (w.annotations[EXTERNAL_SERVICES_ANNOTATION] ?? "")
        .split(",")
        .map((s) => s.trim())
        .includes(service);
}

function plainEnv(w: ModelWorkload, name: string): string | undefined {
    for (const c of [...(w.podSpec?.containers ?? []), ...(w.podSpec?.initContainers ?? [])])
        for (const e of c.env ?? []) if (e.name === name && typeof e.value === "string") return e.value;
    return undefined;
}

export function dataFlows(model: StackModel): { flows: RequiredFlow[]; missing: MissingService[] } {
    const flows: RequiredFlow[] = [];
    const missing: MissingService[] = [];
    const vault = model.workloads.filter((w) => w.kind === "vault-server");
    for (const w of model.workloads.filter((x) => x.origin === "declared")) {
        for (const c of connectionsOf(model, w)) {
            const why = `connect ${c.via} to ${c.host}:${c.port}`;
            const pods = podsBehind(model, w, c);
            if (pods === "unseen") continue;
            if (pods === "outside")
                flows.push({ from: w, to: { ips: [VPC_ADDRESS], name: `${c.host} (VPC)` }, port: c.port, protocol: "TCP", why });
            else if (pods.length === 0) missing.push({ from: w, service: c.host, why });
            else for (const p of pods) flows.push({ from: w, to: podRef(p.pod), port: p.port, protocol: "TCP", why });
        }
        const vaultAddr = plainEnv(w, "VAULT_ADDR");
        const vaultUrl = vaultAddr ? /^https?:\/\/([A-Za-z0-9.-]+)(?::(\d+))?/.exec(vaultAddr) : null;
        if (vaultUrl && !/\.svc(\.cluster\.local)?$/.test(vaultUrl[1]) && vaultUrl[1].includes("."))
            // A Vault outside the cluster (the organisation's own): reachable in the VPC or over the internet.
            flows.push({
                from: w,
                to: { ips: [VPC_ADDRESS, PUBLIC_ADDRESS], name: `${vaultUrl[1]} (outside the cluster)` },
                port: Number(vaultUrl[2] ?? (vaultAddr!.startsWith("https") ? 443 : 80)),
                protocol: "TCP",
                why: "VAULT_ADDR",
            });
        else if (vaultAddr || w.annotations["vault.hashicorp.com/agent-inject"] === "true") {
            const why = vaultAddr ? "VAULT_ADDR" : "Vault agent injection";
            if (vault.length === 0 && !external(w, "vault")) missing.push({ from: w, service: "vault", why });
            for (const v of vault) flows.push({ from: w, to: podRef(v), port: VAULT_PORT, protocol: "TCP", why });
        }
        if ((plainEnv(w, "BACKUP_DESTINATION") ?? "").startsWith("s3://"))
            flows.push({
                from: w,
                to: { ips: [PUBLIC_ADDRESS], name: "S3 (internet)" },
                port: 443,
                protocol: "TCP",
                why: "backup destination s3://",
            });
    }
    flows.push(...memberFlows(model));
    return { flows, missing };
}

/** Members of a StatefulSet reach each other on the ports of its headless Service (what peer discovery is for). */
function memberFlows(model: StackModel): RequiredFlow[] {
    const flows: RequiredFlow[] = [];
    const groups = new Map<string, ModelWorkload[]>();
    // App services are excluded: their headless Service gives stable names, not a replication protocol.
    for (const w of model.workloads.filter(
        (x) => x.kind === "StatefulSet" && x.origin === "declared" && x.podLabels["app.kubernetes.io/component"] !== "app",
    ))
        groups.set(`${w.namespace}/${w.name}`, [...(groups.get(`${w.namespace}/${w.name}`) ?? []), w]);
    for (const group of groups.values()) {
        if (group.length < 2) continue;
        const headless = objectsOfKind(model, "Service").filter(
            (s) =>
                s.namespace === group[0].namespace &&
                s.props.spec?.clusterIP === "None" &&
                Object.keys(s.props.spec?.selector ?? {}).length > 0 &&
                selects({ matchLabels: s.props.spec.selector }, group[0].podLabels),
        );
        for (const s of headless)
            for (const sp of s.props.spec?.ports ?? [])
                for (const a of group)
                    for (const b of group) {
                        const port = resolvePort(sp.targetPort ?? sp.port, b);
                        if (a !== b && port !== undefined)
                            flows.push({
                                from: a,
                                to: podRef(b),
                                port,
                                protocol: "TCP",
                                why: `members of StatefulSet ${b.name} (headless Service ${s.name})`,
                            });
                    }
    }
    return flows;
}
