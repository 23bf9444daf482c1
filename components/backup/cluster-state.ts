/**
 * Cluster-state backups (config backup.clusterState): Velero from the add-ons floor, writing into the destination the
 * backup jobs use. A stack whose jobs built no destination (no database, no SQLite) gets the same encrypted bucket
 * on its own on the aws target, so a stateless stack's objects are still backed up.
 */
import * as pulumi from "@pulumi/pulumi";
import { Velero, VeleroStorage } from "../addons/velero";
import { StackContext } from "../contracts";
import { LABELS } from "../peers";
import { BackupBucket } from "./backup-bucket";
import { BackupFoundation } from "./backup-foundation";

/** `prod-stack.io/backup-of` of a bucket that holds only Velero's backups. */
export function clusterStateBackupOf(appName: string): string {
    return `${appName}-cluster-state`;
}

function storageFor(ctx: StackContext, foundation?: BackupFoundation): VeleroStorage {
    const config = ctx.config;
    const kmsKeyArn = config.backup.clusterState.kmsKeyArn;
    if (foundation?.bucketName)
        return { bucket: foundation.bucketName, bucketArn: foundation.bucketArn, keyArn: foundation.keyArn ?? kmsKeyArn };
    const dest = config.backup.destination;
    if (dest.kind !== "s3") throw new Error("internal: backup.clusterState with a filesystem destination got past config validation");
    if (dest.bucket) return { bucket: dest.bucket, bucketArn: `arn:aws:s3:::${dest.bucket}`, keyArn: kmsKeyArn };
    if (config.target !== "aws" || !ctx.awsProvider)
        throw new Error("internal: backup.clusterState on the cluster target without destination.bucket got past config validation");
    const bucket = new BackupBucket(`${config.appName}-cluster-state-storage`, {
        bucketPrefix: `${config.appName}-${config.environment}-backups-`,
        retention: config.backup.retention,
        replicaRegion: dest.replicaRegion,
        provider: ctx.awsProvider,
        tags: { ...ctx.commonTags, [LABELS.backupOf]: clusterStateBackupOf(config.appName) },
        protect: config.preset.protectStatefulResources,
    });
    return { bucket: bucket.bucket.bucket, bucketArn: bucket.bucket.arn, keyArn: bucket.key.arn };
}

/** Velero when backup.clusterState is on (config validation has checked addons.velero and the destination). */
export function deployClusterStateBackups(ctx: StackContext, foundation?: BackupFoundation): pulumi.Resource[] {
    const config = ctx.config;
    if (!config.backup.enabled || !config.backup.clusterState.enabled || !config.addons.velero) return [];
    return [
        new Velero(`${config.appName}-velero`, {
            config,
            commonLabels: ctx.commonLabels,
            commonTags: ctx.commonTags,
            provider: ctx.k8sProvider,
            awsProvider: ctx.awsProvider,
            storage: storageFor(ctx, foundation),
        }),
    ];
}
