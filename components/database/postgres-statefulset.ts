/**
 * One PostgreSQL server as a StatefulSet (database kind `postgres`): the official image the extensions ask for, a
 * retained volume, pg_isready probes, postgres-exporter sidecar, headless and client Services and a NetworkPolicy.
 * No operator and no chart, so a bare cluster runs it; no failover, so only environments that allow a single instance
 * pick it (components/config/cross-checks.ts).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SecretsLayer, StackContext } from "../contracts";
import { imageFor, postgresImageKey } from "../config";
import { hardenedContainer, namespacedMeta, networkPolicyPeers, ruleFor } from "../kubernetes";
import { dataNetworkPolicy } from "../kubernetes/data-network-policy";
import { IMAGE_UIDS } from "../kubernetes/image-uids";
import { SIDECAR_RESOURCES, containerSecurity, podSecurityFor } from "../kubernetes/pods";
import { DATA_PODS, LABELS, POSTGRES_PORT, PROMETHEUS_PEER } from "../peers";
import { extensionsAnnotation, extensionsCreator, extensionsSql } from "./extensions";
import { strongPassword } from "../shared/passwords";
import { EXTENSIONS_SCRIPT, PlainPostgresConfig, POSTGRES_EXPORTER_PORT, POSTGRES_OWNER, postgresPod } from "./postgres-manifest";

export interface PostgresStatefulSetArgs {
    ctx: StackContext;
    secrets: SecretsLayer;
    database: PlainPostgresConfig;
    /** Name of the StatefulSet and client Service, and value of the `prod-stack.io/database` label. */
    databaseId: string;
    /** Pods allowed to connect on 5432 (PgBouncer, backup jobs). */
    clients: Record<string, string>[];
}

/** Pod labels of one plain PostgreSQL server. */
export function postgresSelector(databaseId: string): Record<string, string> {
    return { ...DATA_PODS.postgres, [LABELS.database]: databaseId };
}

export class PostgresStatefulSet extends pulumi.ComponentResource {
    readonly statefulSet: k8s.apps.v1.StatefulSet;
    readonly host: pulumi.Output<string>;
    readonly username = POSTGRES_OWNER;
    readonly password: pulumi.Output<string>;
    readonly resources: pulumi.Resource[];

    constructor(name: string, args: PostgresStatefulSetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:database:PostgresStatefulSet", name, {}, opts);
        const { ctx, database: db, databaseId } = args;
        const config = ctx.config;
        const o = { parent: this, provider: ctx.k8sProvider };
        const selector = postgresSelector(databaseId);
        const headless = `${databaseId}-headless`;
        const imageKey = postgresImageKey(db.extensions);
        // Not the images' own postgres UID (999, 70): the entrypoint runs initdb as any UID, and the stack's rule is a
        // high UID (components/kubernetes/image-uids.ts); fsGroup makes the volume writable for it.
        const uid = IMAGE_UIDS.postgres;

        this.password = strongPassword(`${name}-owner-password`, this);
        const credentialsName = `${databaseId}-owner`;
        const credentials = args.secrets.store(credentialsName, { user: POSTGRES_OWNER, password: this.password }, { parent: this });

        // Extension names only: no credential ever reaches this ConfigMap. It is the extensions' creator (the entrypoint
        // runs it on the empty data directory), marked so for the pack's extensions contract.
        const creator = extensionsCreator(databaseId, db.extensions);
        const init = new k8s.core.v1.ConfigMap(
            `${name}-init`,
            {
                metadata: namespacedMeta(ctx, `${databaseId}-init`, { ...selector, ...creator.labels }, creator.annotations),
                data: { [EXTENSIONS_SCRIPT]: extensionsSql(db.extensions) },
            },
            o,
        );
        const pod = postgresPod({
            db,
            image: imageFor(config, imageKey),
            exporterImage: imageFor(config, "postgresExporter"),
            credentialsSecret: credentials.password.secretName,
            initConfigMap: `${databaseId}-init`,
            containerSecurity: { ...containerSecurity(), runAsUser: uid, runAsGroup: uid },
            exporterSecurity: { ...containerSecurity(), runAsUser: IMAGE_UIDS.exporter, runAsGroup: IMAGE_UIDS.exporter },
            exporterResources: SIDECAR_RESOURCES,
        });

        const headlessService = new k8s.core.v1.Service(
            `${name}-headless`,
            {
                metadata: namespacedMeta(ctx, headless, selector),
                spec: { clusterIP: "None", selector, ports: [{ name: "postgres", port: POSTGRES_PORT }] },
            },
            o,
        );
        this.statefulSet = new k8s.apps.v1.StatefulSet(
            `${name}-statefulset`,
            {
                metadata: namespacedMeta(ctx, databaseId, selector, extensionsAnnotation(db.extensions)),
                spec: {
                    serviceName: headless,
                    replicas: 1,
                    selector: { matchLabels: selector },
                    persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
                    template: {
                        metadata: {
                            labels: { ...ctx.commonLabels, ...selector },
                            annotations: { "prometheus.io/scrape": "true", "prometheus.io/port": String(POSTGRES_EXPORTER_PORT) },
                        },
                        spec: {
                            automountServiceAccountToken: false,
                            securityContext: podSecurityFor(uid),
                            ...(ctx.priorityClassName ? { priorityClassName: ctx.priorityClassName } : {}),
                            // A fast shutdown checkpoints before the kubelet's SIGKILL.
                            terminationGracePeriodSeconds: 60,
                            containers: pod.containers.map(hardenedContainer),
                            volumes: pod.volumes,
                        },
                    },
                    volumeClaimTemplates: [
                        {
                            metadata: { name: "data", labels: selector },
                            spec: {
                                accessModes: ["ReadWriteOnce"],
                                ...(db.storageClass ? { storageClassName: db.storageClass } : {}),
                                resources: { requests: { storage: db.storageSize } },
                            },
                        },
                    ],
                },
            },
            { ...o, protect: config.preset.protectStatefulResources, dependsOn: [headlessService, init] },
        );
        const service = new k8s.core.v1.Service(
            `${name}-service`,
            {
                metadata: namespacedMeta(ctx, databaseId, selector),
                spec: {
                    selector,
                    ports: [
                        { name: "postgres", port: POSTGRES_PORT, targetPort: "postgres" },
                        { name: "metrics", port: POSTGRES_EXPORTER_PORT, targetPort: "metrics" },
                    ],
                },
            },
            o,
        );
        this.host = pulumi.output(`${databaseId}.${config.namespace}.svc.cluster.local`);

        // One member: no PodDisruptionBudget (one that allows the eviction protects nothing, one that forbids it blocks
        // every node drain). No egress besides DNS: the server calls nothing.
        const policy = dataNetworkPolicy(
            `${name}-netpol`,
            ctx,
            selector,
            {
                ingress: [
                    ...args.clients.map((podSelector) => ({ peers: networkPolicyPeers({ podSelector }), ports: [POSTGRES_PORT] })),
                    ruleFor({ ...PROMETHEUS_PEER, ports: [POSTGRES_EXPORTER_PORT] }),
                ],
                egress: [],
            },
            this,
        );
        this.resources = [this.statefulSet, service, headlessService, policy];
        this.registerOutputs({ host: this.host });
    }
}
