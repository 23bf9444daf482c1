/**
 * The private, KMS-encrypted S3 bucket the backup and CDN layers both keep: its own rotating key, all four public
 * access blocks, bucket-owner-enforced ownership (ACLs off), SSE-KMS with a bucket key, versioning. Policies and
 * lifecycle stay with the caller (they differ by use).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface PrivateBucketBaseArgs {
    /** Prefix of the generated bucket name, as S3 takes it (37 characters at most). */
    bucketPrefix: string;
    /** Description of the bucket's KMS key. */
    keyDescription: string;
    provider: aws.Provider;
    tags: Record<string, string>;
    /** `protect` on the key and the bucket (config.preset.protectStatefulResources). */
    protect: boolean;
}

export interface PrivateBucketBase {
    key: aws.kms.Key;
    bucket: aws.s3.Bucket;
    versioning: aws.s3.BucketVersioning;
    /** Every setting resource (public access, ownership, encryption, versioning): writers wait for them. */
    settings: pulumi.Resource[];
}

/** Children `${name}-key`, `-bucket`, `-public-access`, `-ownership`, `-encryption`, `-versioning` of `parent`. */
export function privateEncryptedBucket(parent: pulumi.Resource, name: string, args: PrivateBucketBaseArgs): PrivateBucketBase {
    const opts = { parent, provider: args.provider };
    const stateful = { ...opts, protect: args.protect };
    const key = new aws.kms.Key(
        `${name}-key`,
        { description: args.keyDescription, enableKeyRotation: true, deletionWindowInDays: 30, tags: args.tags },
        stateful,
    );
    const bucket = new aws.s3.Bucket(`${name}-bucket`, { bucketPrefix: args.bucketPrefix, forceDestroy: false, tags: args.tags }, stateful);
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access`,
        { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        opts,
    );
    const ownership = new aws.s3.BucketOwnershipControls(
        `${name}-ownership`,
        { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
        opts,
    );
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-encryption`,
        {
            bucket: bucket.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
        },
        opts,
    );
    const versioning = new aws.s3.BucketVersioning(
        `${name}-versioning`,
        { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
        opts,
    );
    return { key, bucket, versioning, settings: [publicAccess, ownership, encryption, versioning] };
}
