/**
 * Patroni HA PostgreSQL (TimescaleDB, Spilo image) managed by the Zalando postgres-operator. The operator runs Patroni
 * with the Kubernetes API as its DCS: for every namespace with a cluster it creates the `postgres-pod` ServiceAccount
 * and a RoleBinding to the `postgres-pod` ClusterRole its chart installs (endpoints/configmaps/pods/services verbs
 * Patroni needs for leader election), so no RBAC is hand-written here.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AddonChart } from "../addons/chart";
import { ADDON_VERSIONS } from "../addons/versions";
import { SecretRef, SecretsLayer, StackContext } from "../contracts";
import { namespacedMeta, networkPolicyPeers } from "../kubernetes";
import { LABELS, POSTGRES_PORT, PROMETHEUS_PEER, spiloSelector } from "../peers";
import { imageFor } from "../config";
import { dataNetworkPolicy } from "../kubernetes/data-network-policy";
import { strongPassword } from "../shared/passwords";
import { extensionsAnnotation, requestedExtensions } from "./extensions";
import { PATRONI_OWNER, patroniSpec } from "./patroni-manifest";

type PatroniConfig = Extract<NonNullable<StackContext["config"]["database"]>, { kind: "patroni" }>;

export interface PatroniPostgresArgs {
    ctx: StackContext;
    secrets: SecretsLayer;
    database: PatroniConfig;
    /** Cluster name (`<teamId>-<name>` as the operator requires) and value of the `prod-stack.io/database` label. */
    databaseId: string;
    /** Kubernetes Secret (keys user, password) the exporter sidecar reads: the admin credentials of the layer. */
    adminSecret: string;
    /** Pods allowed to connect on 5432 besides the cluster members (PgBouncer, backup jobs). */
    clients: Record<string, string>[];
}

export const PATRONI_API_PORT = 8008;

/** Values of the operator chart: anti-affinity, PDBs, retained volumes, deletion guarded by an annotation. */
export function operatorValues(protect: boolean, spiloImage: string): Record<string, unknown> {
    return {
        configGeneral: { docker_image: spiloImage, enable_shm_volume: true },
        configKubernetes: {
            enable_pod_antiaffinity: true,
            pod_antiaffinity_topology_key: "kubernetes.io/hostname",
            enable_pod_disruption_budget: true,
            persistent_volume_claim_retention_policy: { when_deleted: "retain", when_scaled: "retain" },
            spilo_privileged: false,
            spilo_allow_privilege_escalation: false,
            enable_cross_namespace_secret: false,
            watched_namespace: "*",
            inherited_labels: [LABELS.database, LABELS.environment, LABELS.partOf],
            ...(protect ? { delete_annotation_date_key: "delete-date", delete_annotation_name_key: "delete-clustername" } : {}),
        },
        resources: { requests: { cpu: "100m", memory: "250Mi" }, limits: { cpu: "500m", memory: "500Mi" } },
    };
}

/** Name of the Secret the operator reads a user's password from (it adopts an existing one instead of generating). */
export function operatorCredentialSecret(user: string, clusterName: string): string {
    return `${user.replace(/_/g, "-")}.${clusterName}.credentials.postgresql.acid.zalan.do`;
}

export class PatroniPostgres extends pulumi.ComponentResource {
    readonly cluster: k8s.apiextensions.CustomResource;
    readonly host: pulumi.Output<string>;
    readonly username = PATRONI_OWNER;
    readonly password: pulumi.Output<string>;
    readonly credentials: Record<"username" | "password", SecretRef>;
    readonly resources: pulumi.Resource[];

    constructor(name: string, args: PatroniPostgresArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:database:PatroniPostgres", name, {}, opts);
        const { ctx, database: db, databaseId } = args;
        const config = ctx.config;
        const protect = config.preset.protectStatefulResources;
        const o = { parent: this, provider: ctx.k8sProvider };

        const operator = config.addons.postgresOperator
            ? new AddonChart(
                  "postgres-operator",
                  {
                      pin: ADDON_VERSIONS.postgresOperator,
                      commonLabels: ctx.commonLabels,
                      provider: ctx.k8sProvider,
                      values: operatorValues(protect, imageFor(config, "spilo")),
                  },
                  { parent: this },
              )
            : undefined;

        this.password = strongPassword(`${name}-owner-password`, this);
        this.credentials = args.secrets.store(
            operatorCredentialSecret(PATRONI_OWNER, databaseId),
            { username: PATRONI_OWNER, password: this.password },
            { parent: this },
        );

        const labels = { [LABELS.database]: databaseId };
        this.cluster = new k8s.apiextensions.CustomResource(
            `${name}-cluster`,
            {
                apiVersion: "acid.zalan.do/v1",
                kind: "postgresql",
                // The cluster both is the database and creates its extensions (preparedDatabases): one marker says both.
                metadata: namespacedMeta(ctx, databaseId, labels, extensionsAnnotation(requestedExtensions(db))),
                spec: patroniSpec({
                    clusterName: databaseId,
                    teamId: config.appName,
                    db,
                    highAvailability: config.preset.requireHighAvailability,
                    adminSecret: args.adminSecret,
                    images: { spilo: imageFor(config, "spilo"), postgresExporter: imageFor(config, "postgresExporter") },
                }),
            },
            { ...o, protect, dependsOn: operator ? [operator.chart] : [] },
        );
        this.host = pulumi.output(`${databaseId}.${config.namespace}.svc.cluster.local`);

        const members = spiloSelector(databaseId);
        const policy = dataNetworkPolicy(
            `${name}-netpol`,
            ctx,
            members,
            {
                ingress: [
                    ...args.clients.map((podSelector) => ({ peers: networkPolicyPeers({ podSelector }), ports: [POSTGRES_PORT] })),
                    { peers: networkPolicyPeers({ podSelector: members }), ports: [POSTGRES_PORT, PATRONI_API_PORT] },
                    {
                        peers: networkPolicyPeers({
                            namespaceSelector: { "kubernetes.io/metadata.name": ADDON_VERSIONS.postgresOperator.namespace },
                        }),
                        ports: [POSTGRES_PORT, PATRONI_API_PORT],
                    },
                    { peers: networkPolicyPeers(PROMETHEUS_PEER), ports: [9187, PATRONI_API_PORT] },
                ],
                egress: [
                    { peers: networkPolicyPeers({ podSelector: members }), ports: [POSTGRES_PORT, PATRONI_API_PORT] },
                    // Kubernetes API (Patroni's DCS) and S3 (WAL-G): outside the pod network, addresses not known here.
                    { peers: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [443, 6443] },
                ],
                // The operator creates the Spilo pods from the postgresql resource, so no manifest of ours carries them.
            },
            this,
            { "kube-score/ignore": "networkpolicy-targets-pod" },
        );
        this.resources = [this.cluster, policy, ...(operator ? [operator] : [])];
        this.registerOutputs({ host: this.host });
    }
}
