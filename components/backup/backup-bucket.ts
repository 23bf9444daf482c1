import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PrivateBucketBase, privateEncryptedBucket } from "../shared/private-bucket";
import { denyInsecureTransportPolicy, replicationPolicy, S3_REPLICATION_TRUST } from "./bucket-policies";
import { lifecycleRules, RetentionCounts } from "./lifecycle";

export interface BackupBucketArgs {
    /** Prefix of the generated bucket name ("<app>-<env>-backups-"). */
    bucketPrefix: string;
    /** Tiers kept by the lifecycle backstop (config backup.retention). */
    retention: RetentionCounts;
    /** Replicate every object to a bucket in this region (config backup.destination.replicaRegion). Default: none. */
    replicaRegion?: string;
    provider: aws.Provider;
    tags: Record<string, string>;
    /** `protect` on the keys and buckets (config.preset.protectStatefulResources). */
    protect: boolean;
}

type EncryptedBucket = Omit<PrivateBucketBase, "settings">;

/**
 * The S3 bucket backups go to on the aws target: SSE-KMS with a customer-managed key (rotation on), versioning, all four
 * public access blocks, bucket-owner-enforced ownership, a policy denying non-TLS requests, lifecycle rules per tier
 * and, optionally, cross-region replication into a bucket built the same way. forceDestroy stays false: a bucket with
 * backups in it cannot be deleted by `pulumi destroy`.
 */
export class BackupBucket extends pulumi.ComponentResource {
    public readonly bucket: aws.s3.Bucket;
    public readonly key: aws.kms.Key;
    public readonly replica?: aws.s3.Bucket;

    constructor(name: string, args: BackupBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:backup:BackupBucket", name, {}, opts);
        const primary = encryptedBucket(this, name, args, args.provider);
        this.bucket = primary.bucket;
        this.key = primary.key;
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: primary.bucket.id,
                rules: lifecycleRules(args.retention),
            },
            { parent: this, provider: args.provider, dependsOn: [primary.versioning] },
        );

        if (args.replicaRegion) {
            const replicaProvider = new aws.Provider(
                `${name}-replica-provider`,
                { region: args.replicaRegion as aws.Region, defaultTags: { tags: args.tags } },
                { parent: this },
            );
            const replica = encryptedBucket(this, `${name}-replica`, args, replicaProvider);
            new aws.s3.BucketLifecycleConfiguration(
                `${name}-replica-lifecycle`,
                {
                    bucket: replica.bucket.id,
                    rules: lifecycleRules(args.retention),
                },
                { parent: this, provider: replicaProvider, dependsOn: [replica.versioning] },
            );
            const role = new aws.iam.Role(
                `${name}-replication-role`,
                { assumeRolePolicy: S3_REPLICATION_TRUST, tags: args.tags },
                { parent: this, provider: args.provider },
            );
            new aws.iam.RolePolicy(
                `${name}-replication-policy`,
                {
                    role: role.id,
                    policy: pulumi
                        .all([primary.bucket.arn, replica.bucket.arn, primary.key.arn, replica.key.arn])
                        .apply(([s, d, sk, dk]) => replicationPolicy(s, d, sk, dk)),
                },
                { parent: this, provider: args.provider },
            );
            new aws.s3.BucketReplicationConfig(
                `${name}-replication`,
                {
                    bucket: primary.bucket.id,
                    role: role.arn,
                    rules: [
                        {
                            id: "replicate-all",
                            status: "Enabled",
                            filter: { prefix: "" },
                            deleteMarkerReplication: { status: "Disabled" },
                            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                            destination: {
                                bucket: replica.bucket.arn,
                                storageClass: "STANDARD_IA",
                                encryptionConfiguration: { replicaKmsKeyId: replica.key.arn },
                            },
                        },
                    ],
                },
                { parent: this, provider: args.provider, dependsOn: [primary.versioning, replica.versioning] },
            );
            this.replica = replica.bucket;
        }
        this.registerOutputs({ bucket: this.bucket.bucket, keyArn: this.key.arn, replica: this.replica?.bucket });
    }
}

function encryptedBucket(parent: pulumi.Resource, name: string, args: BackupBucketArgs, provider: aws.Provider): EncryptedBucket {
    const { key, bucket, versioning } = privateEncryptedBucket(parent, name, {
        bucketPrefix: args.bucketPrefix,
        keyDescription: `Backups (${name})`,
        provider,
        tags: args.tags,
        protect: args.protect,
    });
    new aws.s3.BucketPolicy(
        `${name}-policy`,
        { bucket: bucket.id, policy: bucket.arn.apply(denyInsecureTransportPolicy) },
        { parent, provider },
    );
    return { key, bucket, versioning };
}
