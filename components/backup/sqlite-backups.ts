/**
 * Encrypted backups of SQLite files on app volumes (config.backup.sqlite), through the same scripts, destination, key,
 * tiers and retention as the database backups.
 *
 * Why a CronJob per volume pinned to its pod's node: the volumes are ReadWriteOnce, attached to the node the service's
 * pod runs on, and a second pod can mount such a volume only there. `sqlite3 .backup` then copies the live file
 * through SQLite's own locking, safe against the service writing it at the same time. The alternatives need more: a
 * `kubectl exec` into the app pod needs pods/exec RBAC for the job, and a sidecar in the app pod would put the backup
 * key and the bucket's credentials into every replica of the service.
 *
 * One drill CronJob restores the latest copy of every file into a scratch file (no volume, no server) and checks
 * PRAGMA integrity_check, row counts and checksums against the manifest.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SecretsLayer, StackContext } from "../contracts";
import { childOpts, fitName, namespacedMeta } from "../kubernetes";
import { BACKUP_COMPONENTS, LABELS } from "../peers";
import { imageFor } from "../config";
import { BackupFoundation, backupFoundation } from "./backup-foundation";
import { cronJobSpec, jobPodSpec } from "./job-pod";
import { sqliteSources } from "./sqlite-sources";

export interface SqliteBackupsArgs {
    ctx: StackContext;
    secrets: SecretsLayer;
    /** The database backups' key, destination and scripts when the stack also has a database. Default: its own. */
    foundation?: BackupFoundation;
}

/** `prod-stack.io/backup-of` of the SQLite jobs (when they have their own foundation). */
export function sqliteBackupOf(appName: string): string {
    return `${appName}-sqlite`;
}

export class SqliteBackups extends pulumi.ComponentResource {
    /** The destination the jobs write to (shared, or their own when the stack has no database). */
    public readonly foundation: BackupFoundation;

    constructor(name: string, args: SqliteBackupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:backup:SqliteBackups", name, {}, opts);
        const { ctx } = args;
        const config = ctx.config;
        const backup = config.backup;
        const sqlite = backup.sqlite!;
        const foundation = args.foundation ?? backupFoundation(this, name, ctx, args.secrets, sqliteBackupOf(config.appName));
        this.foundation = foundation;
        const sources = sqliteSources(config);
        const common = {
            destination: foundation.destination,
            encryptionKey: foundation.encryptionKey,
            scripts: foundation.scripts,
            scriptsConfigMap: foundation.scriptsConfigMap,
            serviceAccountName: foundation.serviceAccountName,
            images: { runner: sqlite.image, awsCli: imageFor(config, "awsCli") },
        };
        const retentionEnv = [
            { name: "BACKUP_KEEP_DAILY", value: String(backup.retention.daily) },
            { name: "BACKUP_KEEP_WEEKLY", value: String(backup.retention.weekly) },
            { name: "BACKUP_KEEP_MONTHLY", value: String(backup.retention.monthly) },
        ];
        const cron = (role: string, id: string, component: string, schedule: string, pod: k8s.types.input.core.v1.PodSpec) => {
            const labels = { ...foundation.labels, [LABELS.component]: component };
            return new k8s.batch.v1.CronJob(
                `${name}-${role}-${id}`,
                {
                    metadata: namespacedMeta(ctx, fitName(`${config.appName}-${role}-${id}`, 52), labels),
                    spec: cronJobSpec({
                        schedule,
                        activeDeadlineSeconds: backup.activeDeadlineSeconds,
                        labels: { ...ctx.commonLabels, ...labels },
                        podAnnotations: {},
                        destination: foundation.destination,
                        pod,
                    }),
                },
                childOpts(this, ctx, { dependsOn: foundation.resources }),
            );
        };
        for (const source of sources) {
            const names = source.files.map((f) => f.name);
            cron(
                "backup",
                source.id,
                BACKUP_COMPONENTS.backup,
                backup.schedule,
                jobPodSpec({
                    ...common,
                    source: {
                        kind: "sqlite",
                        names,
                        volume: { claimName: source.claimName, files: source.files, podSelector: source.podSelector },
                    },
                    steps: [
                        { name: "backup", script: "backup.sh" },
                        { name: "retention", script: "retention.sh", env: retentionEnv },
                    ],
                }),
            );
        }
        cron(
            "verify",
            "sqlite",
            BACKUP_COMPONENTS.verify,
            backup.verifySchedule,
            jobPodSpec({
                ...common,
                source: { kind: "sqlite", names: sources.flatMap((s) => s.files.map((f) => f.name)) },
                steps: [
                    {
                        name: "verify-restore",
                        script: "verify-restore.sh",
                        env: [{ name: "VERIFY_NONEMPTY_TABLES", value: backup.verifyTables.join(" ") }],
                    },
                ],
            }),
        );
        if (!args.foundation) {
            new k8s.networking.v1.NetworkPolicy(
                `${name}-egress`,
                {
                    metadata: namespacedMeta(ctx, `${config.appName}-backup-egress`, foundation.labels),
                    spec: {
                        podSelector: { matchLabels: { [LABELS.backupOf]: foundation.labels[LABELS.backupOf] } },
                        policyTypes: ["Egress"],
                        // S3 only; the filesystem destination and the source volume need no network.
                        egress: foundation.destination.kind === "s3" ? [{ ports: [{ protocol: "TCP", port: 443 }] }] : [],
                    },
                },
                childOpts(this, ctx),
            );
        }
        this.registerOutputs({ sources: sources.map((s) => s.claimName) });
    }
}
