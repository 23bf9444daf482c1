import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "../shared/iam";
import { privateEncryptedBucket } from "../shared/private-bucket";

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
    const { key, bucket, versioning, settings } = privateEncryptedBucket(parent, name, {
        bucketPrefix: args.bucketPrefix.slice(0, 37),
        keyDescription: `${name} objects`,
        provider: args.provider,
        tags: args.tags,
        protect: args.protect,
    });
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
    return { bucket, key, settings: [...settings, lifecycle] };
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
