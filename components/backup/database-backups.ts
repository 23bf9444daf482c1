import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DatabaseLayer, SecretRef, SecretsLayer, StackContext } from "../contracts";
import { childOpts, namespacedMeta, networkPolicyPeers, tcpPorts } from "../kubernetes";
import { BACKUP_COMPONENTS, LABELS } from "../peers";
import { BackupFoundation, backupFoundation, backupServiceAccount } from "./backup-foundation";
import { cronJobSpec, jobPodSpec } from "./job-pod";
import { imageFor } from "../config";

export interface DatabaseBackupsArgs {
    ctx: StackContext;
    secrets: SecretsLayer;
    database: DatabaseLayer;
}

export { ENCRYPTION_KEY_LENGTH } from "./backup-foundation";

/**
 * Encrypted logical backups of one database, per config.backup:
 * - a backup CronJob (schedule, default 02:00 UTC) running backup.sh (pg_dump | gzip | openssl aes-256-cbc -pbkdf2)
 *   then retention.sh (7 daily / 4 weekly / 12 monthly by default);
 * - a restore-verification CronJob (verifySchedule) running verify-restore.sh, which restores the latest backup into a
 *   scratch database on a throw-away PostgreSQL beside it in the pod (never the production server) and checks row
 *   counts, checksums and the non-empty tables of config.backup.verifyTables;
 * - the destination, key, ServiceAccount and scripts (backup-foundation.ts), which SQLite backups of the same stack share.
 *
 * The encryption key is generated rather than expected to pre-exist: nothing has to be created by hand before the
 * first backup, its strength is guaranteed, and it lives where operators and a disaster-recovery restore fetch it
 * (docs/runbooks).
 */
export class DatabaseBackups extends pulumi.ComponentResource {
    public readonly bucketName?: pulumi.Output<string>;
    public readonly encryptionKey: SecretRef;
    public readonly foundation: BackupFoundation;

    constructor(name: string, args: DatabaseBackupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:backup:DatabaseBackups", name, {}, opts);
        const { ctx, database, secrets } = args;
        const config = ctx.config;
        const backup = config.backup;
        const foundation = backupFoundation(this, name, ctx, secrets, database.databaseId);
        this.foundation = foundation;
        const { labels, destination } = foundation;
        const dest = backup.destination;
        this.encryptionKey = foundation.encryptionKey;
        this.bucketName = foundation.bucketName;

        const admin = database.adminCredentials;
        const workload = secrets.forWorkload(
            `${config.appName}-backup`,
            {
                PGHOST: admin.host,
                PGPORT: admin.port,
                PGUSER: admin.user,
                PGPASSWORD: admin.password,
            },
            { serviceAccount: backupServiceAccount(config.appName), runsToCompletion: true },
        );
        const podInput = {
            destination,
            source: {
                kind: "postgres" as const,
                databaseName: database.databaseName,
                databaseEnv: workload.env,
                sslMode: database.sslMode,
            },
            secretVolumes: workload.podVolumes,
            encryptionKey: this.encryptionKey,
            scripts: foundation.scripts,
            scriptsConfigMap: foundation.scriptsConfigMap,
            serviceAccountName: foundation.serviceAccountName,
            images: { runner: imageFor(ctx.config, "backupPostgres"), awsCli: imageFor(ctx.config, "awsCli") },
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
                        destination,
                        pod: jobPodSpec({ ...podInput, steps, scratchServer }),
                    }),
                },
                childOpts(this, ctx, { dependsOn: [...foundation.resources, ...dependsOn] }),
            );
        }

        // The dump job reaches the server; the restore drill only its bucket (it restores into its own scratch server).
        const shared = [
            ...(dest.kind === "s3" ? [{ ports: [{ protocol: "TCP", port: 443 }] }] : []),
            ...(workload.egress ?? []).map((peer) => ({ to: networkPolicyPeers(peer), ports: tcpPorts(peer.ports) })),
        ];
        // `resource` keeps the dump job's policy at its earlier URN (same object name: a new URN would collide).
        const egressPolicy = (
            resource: string,
            role: string,
            component: string,
            egress: k8s.types.input.networking.v1.NetworkPolicyEgressRule[],
        ) =>
            new k8s.networking.v1.NetworkPolicy(
                `${name}-${resource}`,
                {
                    metadata: namespacedMeta(ctx, `${config.appName}-${role}`, labels),
                    spec: {
                        podSelector: { matchLabels: { [LABELS.backupOf]: database.databaseId, [LABELS.component]: component } },
                        policyTypes: ["Egress"],
                        egress,
                    },
                },
                childOpts(this, ctx),
            );
        egressPolicy("egress", "backup-egress", BACKUP_COMPONENTS.backup, [
            { ports: [{ protocol: "TCP", port: database.primaryPort }] },
            ...shared,
        ]);
        // Always declared, even empty (a filesystem drill needs no network): the pack requires every workload to be named.
        egressPolicy("verify-egress", "verify-egress", BACKUP_COMPONENTS.verify, shared);
        this.registerOutputs({ bucketName: this.bucketName, encryptionKeySecret: this.encryptionKey.secretName });
    }
}
