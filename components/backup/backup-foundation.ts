/**
 * What every backup job of a stack shares: the encryption key (generated, 48 characters, stored in the secrets backend
 * under config.backup.encryptionKeySecret, protected in staging/prod so a replacement cannot orphan older backups), the
 * destination (a KMS-encrypted bucket with lifecycle on the aws target reached through an IRSA role scoped to it, an
 * existing or S3-compatible bucket, or a PVC), the jobs' ServiceAccount and the scripts ConfigMap. Created as children
 * of the calling component, under its name, so the resources keep their URNs whoever builds them.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SecretRef, SecretsLayer, StackContext } from "../contracts";
import { childOpts, namespacedMeta } from "../kubernetes";
import { LABELS } from "../peers";
import { irsaTrustPolicy } from "../shared/iam";
import { strongPassword } from "../shared/passwords";
import { BackupBucket } from "./backup-bucket";
import { backupAccessPolicy } from "./bucket-policies";
import { Destination } from "./job-pod";
import { ScriptsVolume, scriptsVolume } from "./scripts-volume";

/** Length of the generated encryption passphrase (the scripts require at least 32 characters). */
export const ENCRYPTION_KEY_LENGTH = 48;

/** The jobs' ServiceAccount: the IRSA trust and the Vault role bind this name. */
export function backupServiceAccount(appName: string): string {
    return `${appName}-backup`;
}

export interface BackupFoundation {
    encryptionKey: SecretRef;
    destination: Destination;
    bucketName?: pulumi.Output<string>;
    /** ARN of the S3 bucket (s3 destinations), for policies scoped to it (Velero's prefix). */
    bucketArn?: pulumi.Output<string>;
    /** KMS key of the bucket this stack created (aws target without destination.bucket). */
    keyArn?: pulumi.Output<string>;
    /** Labels of the jobs and their NetworkPolicy (`prod-stack.io/backup-of`, name). */
    labels: Record<string, string>;
    serviceAccountName: pulumi.Output<string>;
    scripts: ScriptsVolume;
    scriptsConfigMap: pulumi.Output<string>;
    /** Resources the jobs must wait for. */
    resources: pulumi.Resource[];
}

/** `backupOf`: value of `prod-stack.io/backup-of` (the database id, or what the jobs back up). */
export function backupFoundation(
    parent: pulumi.Resource,
    name: string,
    ctx: StackContext,
    secrets: SecretsLayer,
    backupOf: string,
): BackupFoundation {
    const config = ctx.config;
    const backup = config.backup;
    const protect = config.preset.protectStatefulResources;
    const labels = { [LABELS.backupOf]: backupOf, [LABELS.name]: `${config.appName}-backup` };

    const passphrase = strongPassword(`${name}-encryption-key`, parent, { length: ENCRYPTION_KEY_LENGTH, protect });
    const encryptionKey = secrets.store(backup.encryptionKeySecret, { key: passphrase }, { parent }).key;

    // Destination and the identity that may write to it.
    const serviceAccountName = backupServiceAccount(config.appName);
    let destination: Destination;
    let storedBucketName: pulumi.Output<string> | undefined;
    let storedBucketArn: pulumi.Output<string> | undefined;
    let storedKeyArn: pulumi.Output<string> | undefined;
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
                    tags: { ...ctx.commonTags, [LABELS.backupOf]: backupOf },
                    protect,
                },
                { parent },
            );
            bucketName = bucket.bucket.bucket;
            bucketArn = bucket.bucket.arn;
            keyArn = bucket.key.arn;
        }
        storedBucketName = pulumi.output(bucketName);
        storedBucketArn = pulumi.output(bucketArn);
        storedKeyArn = keyArn === undefined ? undefined : pulumi.output(keyArn);
        if (config.target === "aws") {
            const awsOpts = { parent, provider: ctx.awsProvider };
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
            childOpts(parent, ctx, { protect, retainOnDelete: protect }),
        );
        destination = { kind: "filesystem", claimName: claim.metadata.name };
    }

    const sa = new k8s.core.v1.ServiceAccount(
        `${name}-sa`,
        {
            metadata: namespacedMeta(ctx, serviceAccountName, labels, roleArn ? { "eks.amazonaws.com/role-arn": roleArn } : undefined),
            automountServiceAccountToken: false,
        },
        childOpts(parent, ctx),
    );
    const scripts = scriptsVolume();
    const scriptsMap = new k8s.core.v1.ConfigMap(
        `${name}-scripts`,
        {
            metadata: namespacedMeta(ctx, `${config.appName}-backup-scripts`, labels),
            data: scripts.data,
        },
        childOpts(parent, ctx),
    );

    return {
        encryptionKey,
        destination,
        bucketName: storedBucketName,
        bucketArn: storedBucketArn,
        keyArn: storedKeyArn,
        labels,
        serviceAccountName: sa.metadata.name,
        scripts,
        scriptsConfigMap: scriptsMap.metadata.name,
        resources: [sa, scriptsMap],
    };
}
