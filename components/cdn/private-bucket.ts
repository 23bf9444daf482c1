import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "../shared/iam";

export interface PrivateBucketArgs {
    /** Prefix of the generated bucket name (S3 allows 37 characters; longer prefixes are cut). */
    bucketPrefix: string;
    provider: aws.Provider;
    tags: Record<string, string>;
    /** `protect` on the key and the bucket (config.preset.protectStatefulResources). */
    protect: boolean;
    /** Days after which current objects expire (log buckets). Default: never; noncurrent versions always expire after 30 days. */
    expireAfterDays?: number;
}

export interface PrivateBucket {
    bucket: aws.s3.Bucket;
    key: aws.kms.Key;
    /** Resources that must exist before anything writes to or reads through the bucket. */
    settings: pulumi.Resource[];
}

/**
 * A bucket nobody reaches except through its policy: all four public access blocks, bucket-owner-enforced ownership
 * (ACLs off), SSE-KMS with its own rotating key, versioning and a lifecycle. The bucket and key policies are set by
 * the caller once the principal they name (the distribution, the log delivery) exists: `attachPolicies`.
 */
export function privateBucket(parent: pulumi.Resource, name: string, args: PrivateBucketArgs): PrivateBucket {
    const opts = { parent, provider: args.provider };
    const stateful = { ...opts, protect: args.protect };
    const key = new aws.kms.Key(
        `${name}-key`,
        { description: `${name} objects`, enableKeyRotation: true, deletionWindowInDays: 30, tags: args.tags },
        stateful,
    );
    const bucket = new aws.s3.Bucket(
        `${name}-bucket`,
        { bucketPrefix: args.bucketPrefix.slice(0, 37), forceDestroy: false, tags: args.tags },
        stateful,
    );
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
    const lifecycle = new aws.s3.BucketLifecycleConfiguration(
        `${name}-lifecycle`,
        {
            bucket: bucket.id,
            rules: [
                {
                    id: "expire",
                    status: "Enabled",
                    filter: {},
                    noncurrentVersionExpiration: { noncurrentDays: 30 },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    ...(args.expireAfterDays ? { expiration: { days: args.expireAfterDays } } : {}),
                },
            ],
        },
        { ...opts, dependsOn: [versioning] },
    );
    return { bucket, key, settings: [publicAccess, ownership, encryption, versioning, lifecycle] };
}

/** Sets the bucket policy and the key policy, both built from the bucket's ARN once the named principal exists. */
export function attachPolicies(
    parent: pulumi.Resource,
    name: string,
    target: PrivateBucket,
    provider: aws.Provider,
    policies: { bucket: pulumi.Output<PolicyDocument>; key: pulumi.Output<PolicyDocument> },
): pulumi.Resource[] {
    const opts = { parent, provider };
    return [
        new aws.s3.BucketPolicy(
            `${name}-policy`,
            { bucket: target.bucket.id, policy: policies.bucket.apply((d) => JSON.stringify(d)) },
            { ...opts, dependsOn: target.settings },
        ),
        new aws.kms.KeyPolicy(`${name}-key-policy`, { keyId: target.key.id, policy: policies.key.apply((d) => JSON.stringify(d)) }, opts),
    ];
}
