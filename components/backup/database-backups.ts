import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { strongPassword } from "../shared/passwords";
import { DatabaseLayer, SecretRef, SecretsLayer, StackContext } from "../contracts";
import { childOpts, namespacedMeta, networkPolicyPeers, tcpPorts } from "../kubernetes";
import { BACKUP_COMPONENTS, LABELS } from "../peers";
import { irsaTrustPolicy } from "../shared/iam";
import { BackupBucket } from "./backup-bucket";
import { backupAccessPolicy } from "./bucket-policies";
import { cronJobSpec, Destination, jobPodSpec } from "./job-pod";
import { scriptsVolume } from "./scripts-volume";
import { imageFor } from "../config";

export interface DatabaseBackupsArgs {
    ctx: StackContext;
    secrets: SecretsLayer;
    database: DatabaseLayer;
}

/** Length of the generated encryption passphrase (the scripts require at least 32 characters). */
export const ENCRYPTION_KEY_LENGTH = 48;

/**
 * Encrypted logical backups of one database, per config.backup:
 * - a backup CronJob (schedule, default 02:00 UTC) running backup.sh (pg_dump | gzip | openssl aes-256-cbc -pbkdf2)
 *   then retention.sh (7 daily / 4 weekly / 12 monthly by default);
 * - a restore-verification CronJob (verifySchedule) running verify-restore.sh, which restores the latest backup into a
 *   scratch database on a throw-away PostgreSQL beside it in the pod (never the production server) and checks row counts, checksums and the non-empty tables of config.backup.verifyTables;
 * - the destination: on the aws target an S3 bucket with KMS, versioning, lifecycle and optional replication, reached
 *   through an IRSA role scoped to that bucket and key; an existing or S3-compatible bucket; or a PVC.
 *
 * The encryption key is generated here (48 characters) and stored in the secrets backend under
 * config.backup.encryptionKeySecret rather than expected to pre-exist: nothing has to be created by hand before the
 * first backup, its strength is guaranteed, and it lives where operators and a disaster-recovery restore fetch it
 * (docs/runbooks). It is protected in staging/prod so a replacement cannot silently orphan older backups.
 */
export class DatabaseBackups extends pulumi.ComponentResource {
    public readonly bucketName?: pulumi.Output<string>;
    public readonly encryptionKey: SecretRef;

    constructor(name: string, args: DatabaseBackupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:backup:DatabaseBackups", name, {}, opts);
        const { ctx, database, secrets } = args;
        const config = ctx.config;
        const backup = config.backup;
        const protect = config.preset.protectStatefulResources;
        const labels = { [LABELS.backupOf]: database.databaseId, [LABELS.name]: `${config.appName}-backup` };

        const passphrase = strongPassword(`${name}-encryption-key`, this, { length: ENCRYPTION_KEY_LENGTH, protect });
        this.encryptionKey = secrets.store(backup.encryptionKeySecret, { key: passphrase }, { parent: this }).key;

        // Destination and the identity that may write to it.
        const serviceAccountName = `${config.appName}-backup`;
        let destination: Destination;
        let roleArn: pulumi.Output<string> | undefined;
        const dest = backup.destination;
        if (dest.kind === "s3") {
            let bucketName: pulumi.Input<string>;
            let bucketArn: pulumi.Input<string>;
            let keyArn: pulumi.Input<string> | undefined;
            if (dest.bucket) {
                bucketName = dest.bucket;
                bucketArn = `arn:aws:s3:::${dest.bucket}`;
            } else {
                if (config.target !== "aws" || !ctx.awsProvider) {
                    throw new Error(
                        "backup.destination.bucket is required for an S3 destination outside the aws target (set it, or use kind: filesystem)",
                    );
                }
                const bucket = new BackupBucket(
                    `${name}-storage`,
                    {
                        bucketPrefix: `${config.appName}-${config.environment}-backups-`,
                        retention: backup.retention,
                        replicaRegion: dest.replicaRegion,
                        provider: ctx.awsProvider,
                        tags: { ...ctx.commonTags, [LABELS.backupOf]: database.databaseId },
                        protect,
                    },
                    { parent: this },
                );
                bucketName = bucket.bucket.bucket;
                bucketArn = bucket.bucket.arn;
                keyArn = bucket.key.arn;
            }
            this.bucketName = pulumi.output(bucketName);
            if (config.target === "aws") {
                const awsOpts = { parent: this, provider: ctx.awsProvider };
                const role = new aws.iam.Role(
                    `${name}-role`,
                    {
                        assumeRolePolicy: ctx.namespace.apply((ns) =>
                            JSON.stringify(irsaTrustPolicy(config.aws.oidcProviderArn, config.aws.oidcIssuer, ns, serviceAccountName)),
                        ),
                        tags: ctx.commonTags,
                    },
                    awsOpts,
                );
                new aws.iam.RolePolicy(
                    `${name}-access`,
                    {
                        role: role.id,
                        policy: pulumi.all([bucketArn, keyArn]).apply(([b, k]) => backupAccessPolicy(b, k)),
                    },
                    awsOpts,
                );
                roleArn = role.arn;
            }
            destination = {
                kind: "s3",
                url: pulumi.interpolate`s3://${bucketName}/`,
                region: dest.region,
                endpoint: dest.endpoint,
                credentialsSecret: dest.credentialsSecret,
            };
        } else {
            const claim = new k8s.core.v1.PersistentVolumeClaim(
                `${name}-volume`,
                {
                    metadata: namespacedMeta(ctx, `${config.appName}-backups`, labels),
                    spec: {
                        accessModes: ["ReadWriteOnce"],
                        resources: { requests: { storage: dest.storageSize } },
                        ...(dest.storageClass ? { storageClassName: dest.storageClass } : {}),
                    },
                },
                childOpts(this, ctx, { protect, retainOnDelete: protect }),
            );
            destination = { kind: "filesystem", claimName: claim.metadata.name };
        }

        const sa = new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            {
                metadata: namespacedMeta(ctx, serviceAccountName, labels, roleArn ? { "eks.amazonaws.com/role-arn": roleArn } : undefined),
                automountServiceAccountToken: false,
            },
            childOpts(this, ctx),
        );
        const scripts = scriptsVolume();
        const scriptsMap = new k8s.core.v1.ConfigMap(
            `${name}-scripts`,
            {
                metadata: namespacedMeta(ctx, `${config.appName}-backup-scripts`, labels),
                data: scripts.data,
            },
            childOpts(this, ctx),
        );

        const admin = database.adminCredentials;
        const workload = secrets.forWorkload(
            `${config.appName}-backup`,
            {
                PGHOST: admin.host,
                PGPORT: admin.port,
                PGUSER: admin.user,
                PGPASSWORD: admin.password,
            },
            { serviceAccount: serviceAccountName, runsToCompletion: true },
        );
        const podInput = {
            destination,
            databaseName: database.databaseName,
            databaseEnv: workload.env,
            secretVolumes: workload.podVolumes,
            sslMode: database.sslMode,
            encryptionKey: this.encryptionKey,
            scripts,
            scriptsConfigMap: scriptsMap.metadata.name,
            serviceAccountName: sa.metadata.name,
            images: { backupPostgres: imageFor(ctx.config, "backupPostgres"), awsCli: imageFor(ctx.config, "awsCli") },
        };
        const dependsOn = [...workload.dependsOn, ...database.resources];
        const retentionEnv = [
            { name: "BACKUP_KEEP_DAILY", value: String(backup.retention.daily) },
            { name: "BACKUP_KEEP_WEEKLY", value: String(backup.retention.weekly) },
            { name: "BACKUP_KEEP_MONTHLY", value: String(backup.retention.monthly) },
        ];
        // The drill restores on a scratch server in its own pod, never on the database it drills (verify-restore.sh refuses).
        const jobs: [string, string, string, { name: string; script: string; env?: { name: string; value: string }[] }[], boolean][] = [
            [
                "backup",
                BACKUP_COMPONENTS.backup,
                backup.schedule,
                [
                    { name: "backup", script: "backup.sh" },
                    { name: "retention", script: "retention.sh", env: retentionEnv },
                ],
                false,
            ],
            [
                "verify",
                BACKUP_COMPONENTS.verify,
                backup.verifySchedule,
                [
                    {
                        name: "verify-restore",
                        script: "verify-restore.sh",
                        env: [{ name: "VERIFY_NONEMPTY_TABLES", value: backup.verifyTables.join(" ") }],
                    },
                ],
                true,
            ],
        ];
        for (const [role, component, schedule, steps, scratchServer] of jobs) {
            const jobLabels = { ...ctx.commonLabels, ...labels, [LABELS.component]: component };
            new k8s.batch.v1.CronJob(
                `${name}-${role}`,
                {
                    metadata: namespacedMeta(ctx, `${config.appName}-${role}-${database.databaseId}`.slice(0, 52).replace(/-+$/, ""), {
                        ...labels,
                        [LABELS.component]: component,
                    }),
                    spec: cronJobSpec({
                        schedule,
                        activeDeadlineSeconds: backup.activeDeadlineSeconds,
                        labels: jobLabels,
                        podAnnotations: workload.podAnnotations,
                        pod: jobPodSpec({ ...podInput, steps, scratchServer }),
                    }),
                },
                childOpts(this, ctx, { dependsOn: [sa, scriptsMap, ...dependsOn] }),
            );
        }

        new k8s.networking.v1.NetworkPolicy(
            `${name}-egress`,
            {
                metadata: namespacedMeta(ctx, `${config.appName}-backup-egress`, labels),
                spec: {
                    podSelector: { matchLabels: { [LABELS.backupOf]: database.databaseId } },
                    policyTypes: ["Egress"],
                    egress: [
                        { ports: [{ protocol: "TCP", port: database.primaryPort }] },
                        ...(dest.kind === "s3" ? [{ ports: [{ protocol: "TCP", port: 443 }] }] : []),
                        ...(workload.egress ?? []).map((peer) => ({ to: networkPolicyPeers(peer), ports: tcpPorts(peer.ports) })),
                    ],
                },
            },
            childOpts(this, ctx),
        );
        this.registerOutputs({ bucketName: this.bucketName, encryptionKeySecret: this.encryptionKey.secretName });
    }
}
