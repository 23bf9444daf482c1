/**
 * PgBouncer in front of either database kind: a Deployment (replicas from config, transaction pooling), its exporter
 * sidecar, a Service, a PodDisruptionBudget and a NetworkPolicy (apps of this namespace on 6432, Prometheus on the
 * exporter, egress only to Postgres). Credentials come from the secrets backend as a mounted Secret.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { NetworkPeer, SecretRef, SecretsLayer, StackContext } from "../contracts";
import { hardenedContainer, namespacedMeta, networkPolicyPeers, ruleFor } from "../kubernetes";
import { APP_PODS, DATA_PODS, LABELS, PROMETHEUS_PEER } from "../peers";
import { IMAGE_UIDS } from "../kubernetes/image-uids";
import { imageFor } from "../config";
import { dataNetworkPolicy } from "../kubernetes/data-network-policy";
import { PGBOUNCER_AUTH_DIR, PGBOUNCER_CONFIG_DIR, PGBOUNCER_EXPORTER_PORT, PGBOUNCER_PORT, pgbouncerIni, userlist } from "./pgbouncer-ini";
import { SIDECAR_RESOURCES, containerSecurity, exporterProbes, podSecurityFor, resources, spreadOver } from "../kubernetes/pods";

type PoolConfig = NonNullable<StackContext["config"]["database"]>["pgbouncer"];

export interface PgBouncerArgs {
    ctx: StackContext;
    secrets: SecretsLayer;
    databaseId: string;
    host: pulumi.Input<string>;
    port: number;
    databaseName: string;
    user: string;
    password: pulumi.Input<string>;
    pool: PoolConfig;
    /** Where Postgres is, for the egress rule (pods in the cluster or the VPC CIDR of RDS). */
    postgresPeer: Omit<NetworkPeer, "ports"> | { ipBlock: pulumi.Input<string> };
    /** Default "require": both RDS (force_ssl) and Spilo offer TLS. */
    serverTlsSslmode?: "require" | "verify-full" | "prefer";
}

export class PgBouncer extends pulumi.ComponentResource {
    readonly serviceName: string;
    readonly selector: Record<string, string>;
    readonly deployment: k8s.apps.v1.Deployment;
    readonly auth: Record<"userlist.txt" | "exporter-url", SecretRef>;
    readonly resources: pulumi.Resource[];

    constructor(name: string, args: PgBouncerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:database:PgBouncer", name, {}, opts);
        const { ctx, pool } = args;
        const o = { parent: this, provider: ctx.k8sProvider };
        this.serviceName = `${args.databaseId}-pgbouncer`;
        this.selector = { ...DATA_PODS.pgbouncer, [LABELS.database]: args.databaseId };

        const config = new k8s.core.v1.ConfigMap(
            `${name}-config`,
            {
                metadata: namespacedMeta(ctx, this.serviceName, this.selector),
                data: {
                    "pgbouncer.ini": pulumi.output(args.host).apply((host) =>
                        pgbouncerIni({
                            host,
                            port: args.port,
                            databaseName: args.databaseName,
                            user: args.user,
                            pool,
                            serverTlsSslmode: args.serverTlsSslmode ?? "require",
                        }),
                    ),
                },
            },
            o,
        );
        const authName = `${args.databaseId}-pgbouncer-auth`;
        this.auth = args.secrets.store(
            authName,
            {
                "userlist.txt": userlist(args.user, args.password),
                "exporter-url": pulumi.secret(
                    pulumi.interpolate`postgres://${args.user}:${args.password}@127.0.0.1:${PGBOUNCER_PORT}/pgbouncer?sslmode=disable`,
                ),
            },
            { parent: this },
        );
        const exporterUrl = this.auth["exporter-url"];

        const podLabels = { ...ctx.commonLabels, ...this.selector };
        this.deployment = new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            {
                // PgBouncer speaks only the Postgres protocol: both probes are TCP checks, liveness the more tolerant one.
                metadata: namespacedMeta(ctx, this.serviceName, this.selector, { "kube-score/ignore": "pod-probes-identical" }),
                spec: {
                    replicas: pool.replicas,
                    selector: { matchLabels: this.selector },
                    strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
                    template: {
                        metadata: {
                            labels: podLabels,
                            annotations: { "prometheus.io/scrape": "true", "prometheus.io/port": String(PGBOUNCER_EXPORTER_PORT) },
                        },
                        spec: {
                            automountServiceAccountToken: false,
                            securityContext: podSecurityFor(IMAGE_UIDS.pgbouncer),
                            ...(ctx.priorityClassName ? { priorityClassName: ctx.priorityClassName } : {}),
                            ...spreadOver(this.selector, ctx.config.preset.topologySpread && pool.replicas > 1),
                            containers: [
                                {
                                    name: "pgbouncer",
                                    image: imageFor(ctx.config, "pgbouncer"),
                                    // Start pgbouncer directly: the image's entrypoint would rewrite the config on a read-only root.
                                    command: ["/usr/bin/pgbouncer", `${PGBOUNCER_CONFIG_DIR}/pgbouncer.ini`],
                                    ports: [{ name: "pgbouncer", containerPort: PGBOUNCER_PORT }],
                                    readinessProbe: { tcpSocket: { port: PGBOUNCER_PORT }, periodSeconds: 5 },
                                    livenessProbe: { tcpSocket: { port: PGBOUNCER_PORT }, periodSeconds: 10, failureThreshold: 6 },
                                    lifecycle: { preStop: { exec: { command: ["/bin/sh", "-c", "sleep 10"] } } },
                                    securityContext: containerSecurity(),
                                    resources: resources("100m", "1", "128Mi"),
                                    volumeMounts: [
                                        { name: "config", mountPath: PGBOUNCER_CONFIG_DIR, readOnly: true },
                                        { name: "auth", mountPath: PGBOUNCER_AUTH_DIR, readOnly: true },
                                        { name: "tmp", mountPath: "/tmp" },
                                    ],
                                },
                                {
                                    name: "exporter",
                                    image: imageFor(ctx.config, "pgbouncerExporter"),
                                    env: [
                                        {
                                            name: "PGBOUNCER_EXPORTER_CONNECTION_STRING",
                                            valueFrom: { secretKeyRef: { name: exporterUrl.secretName, key: exporterUrl.key } },
                                        },
                                    ],
                                    ports: [{ name: "metrics", containerPort: PGBOUNCER_EXPORTER_PORT }],
                                    ...exporterProbes(PGBOUNCER_EXPORTER_PORT),
                                    securityContext: {
                                        ...containerSecurity(),
                                        runAsUser: IMAGE_UIDS.exporter,
                                        runAsGroup: IMAGE_UIDS.exporter,
                                    },
                                    resources: SIDECAR_RESOURCES,
                                },
                            ].map(hardenedContainer),
                            volumes: [
                                { name: "config", configMap: { name: config.metadata.name } },
                                {
                                    name: "auth",
                                    secret: {
                                        secretName: authName,
                                        items: [{ key: "userlist.txt", path: "userlist.txt" }],
                                        defaultMode: 0o400,
                                    },
                                },
                                { name: "tmp", emptyDir: { sizeLimit: "16Mi" } },
                            ],
                        },
                    },
                },
            },
            o,
        );

        const service = new k8s.core.v1.Service(
            `${name}-service`,
            {
                metadata: namespacedMeta(ctx, this.serviceName, this.selector),
                spec: {
                    selector: this.selector,
                    ports: [
                        { name: "pgbouncer", port: PGBOUNCER_PORT, targetPort: "pgbouncer" },
                        { name: "metrics", port: PGBOUNCER_EXPORTER_PORT, targetPort: "metrics" },
                    ],
                },
            },
            o,
        );
        const pdb = new k8s.policy.v1.PodDisruptionBudget(
            `${name}-pdb`,
            {
                metadata: namespacedMeta(ctx, this.serviceName, this.selector),
                spec: { selector: { matchLabels: this.selector }, maxUnavailable: 1 },
            },
            o,
        );
        const postgres =
            "ipBlock" in args.postgresPeer
                ? { peers: [{ ipBlock: { cidr: args.postgresPeer.ipBlock } }], ports: [args.port] }
                : { peers: networkPolicyPeers(args.postgresPeer), ports: [args.port] };
        const policy = dataNetworkPolicy(
            `${name}-netpol`,
            ctx,
            this.selector,
            {
                ingress: [
                    ruleFor({ podSelector: APP_PODS, ports: [PGBOUNCER_PORT] }),
                    ruleFor({ ...PROMETHEUS_PEER, ports: [PGBOUNCER_EXPORTER_PORT] }),
                ],
                egress: [postgres],
            },
            this,
        );
        this.resources = [this.deployment, service, pdb, policy];
        this.registerOutputs({ serviceName: this.serviceName });
    }

    /** Where apps connect. */
    get peer(): NetworkPeer {
        return { podSelector: this.selector, ports: [PGBOUNCER_PORT] };
    }
}
