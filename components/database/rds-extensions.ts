/**
 * Creates the extensions the RDS config asks for: RDS has no declarative extension setting, so a Job in the cluster (the
 * only place that reaches the private instance) runs `CREATE EXTENSION IF NOT EXISTS` as the master user once the
 * instance exists, and again on every `pulumi up` that changes the list (the Job is replaced). pg_stat_statements is
 * also preloaded by the parameter group (rds-parameters.ts), without which its view errors even when created.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AdminCredentialKey, SecretRef, SecretsLayer, StackContext } from "../contracts";
import { imageFor } from "../config";
import {
    childOpts,
    hardenedContainer,
    namespacedMeta,
    networkPolicyPeers,
    restrictedContainerSecurityContext,
    restrictedPodSecurityContext,
} from "../kubernetes";
import { dataNetworkPolicy } from "../kubernetes/data-network-policy";
import { LABELS, POSTGRES_PORT } from "../peers";
import { EXTENSIONS_PSQL, extensionsCreator, extensionsSql } from "./extensions";

export interface RdsExtensionsArgs {
    ctx: StackContext;
    secrets: SecretsLayer;
    /** `prod-stack.io/database` of the instance. */
    databaseId: string;
    databaseName: string;
    /** The master user's direct credentials (the layer's admin secret). */
    admin: Record<AdminCredentialKey, SecretRef>;
    /** Extensions to create; the component is only built when there is at least one. */
    extensions: string[];
    /** The VPC's CIDR: RDS sits outside the pod network. */
    databaseCidr: pulumi.Input<string>;
    /** The instance (and whatever else must exist first). */
    dependsOn: pulumi.Resource[];
}

export class RdsExtensions extends pulumi.ComponentResource {
    readonly job: k8s.batch.v1.Job;

    constructor(name: string, args: RdsExtensionsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:database:RdsExtensions", name, {}, opts);
        const { ctx, admin } = args;
        const app = `${args.databaseId}-extensions`;
        const creator = extensionsCreator(args.databaseId, args.extensions);
        const labels = { [LABELS.database]: args.databaseId, [LABELS.component]: "database-extensions" };
        const account = new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            { metadata: namespacedMeta(ctx, app, labels), automountServiceAccountToken: false },
            childOpts(this, ctx),
        );
        const workload = args.secrets.forWorkload(
            app,
            { PGHOST: admin.host, PGPORT: admin.port, PGUSER: admin.user, PGPASSWORD: admin.password },
            { serviceAccount: app, runsToCompletion: true },
        );
        const script = workload.envFile ? `. ${workload.envFile} && ${EXTENSIONS_PSQL}` : EXTENSIONS_PSQL;
        this.job = new k8s.batch.v1.Job(
            `${name}-job`,
            {
                metadata: namespacedMeta(ctx, app, { ...labels, ...creator.labels }, creator.annotations),
                spec: {
                    backoffLimit: 6,
                    activeDeadlineSeconds: 900,
                    ttlSecondsAfterFinished: 86400,
                    template: {
                        metadata: { labels: { ...ctx.commonLabels, ...labels }, annotations: workload.podAnnotations },
                        spec: {
                            restartPolicy: "OnFailure",
                            serviceAccountName: account.metadata.name,
                            automountServiceAccountToken: false,
                            securityContext: restrictedPodSecurityContext(),
                            containers: [
                                hardenedContainer({
                                    name: "create-extensions",
                                    image: imageFor(ctx.config, "backupPostgres"),
                                    command: ["/bin/sh", "-c", script],
                                    env: [
                                        ...workload.env,
                                        { name: "PGDATABASE", value: args.databaseName },
                                        { name: "PGSSLMODE", value: "require" },
                                        { name: "PGCONNECT_TIMEOUT", value: "10" },
                                        { name: "EXTENSIONS_SQL", value: extensionsSql(args.extensions) },
                                    ],
                                    securityContext: restrictedContainerSecurityContext(),
                                    resources: {
                                        requests: { cpu: "50m", memory: "64Mi" },
                                        limits: { cpu: "500m", memory: "128Mi" },
                                    },
                                }),
                            ],
                            volumes: workload.podVolumes ?? [],
                        },
                    },
                },
            },
            childOpts(this, ctx, { dependsOn: [account, ...workload.dependsOn, ...args.dependsOn] }),
        );
        const policy = dataNetworkPolicy(
            `${name}-egress`,
            ctx,
            labels,
            {
                ingress: [],
                egress: [
                    { peers: [{ ipBlock: { cidr: args.databaseCidr } }], ports: [POSTGRES_PORT] },
                    ...(workload.egress ?? []).map((peer) => ({ peers: networkPolicyPeers(peer), ports: peer.ports })),
                ],
            },
            this,
        );
        this.registerOutputs({ job: this.job.metadata.name, policy: policy.metadata.name });
    }
}
