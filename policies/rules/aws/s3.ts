import type { Severity } from "@pulumi/policy";
import { dependentsOf } from "../../lib/aws/join";
import { S3 } from "../../lib/aws/types";
import { isSet, known, UNKNOWN } from "../../lib/preview";
import { stackRule } from "../../lib/rule";

/**
 * In @pulumi/aws v7 a bucket's encryption, versioning, public access block, policy and lifecycle are separate
 * resources, so each check is a stack-level join from the bucket to the resources configuring it.
 */
function bucketRule(
    info: { name: string; description: string; remediationSteps: string; severity: Severity },
    what: string,
    types: readonly string[],
    compliant: (props: Record<string, any>) => boolean,
) {
    return stackRule({ ...info, tags: ["aws", "s3"] }, (ctx) => {
        const candidates = ctx.resources.filter((r) => types.includes(r.type));
        for (const bucket of ctx.resources.filter((r) => (S3.bucket as readonly string[]).includes(r.type))) {
            const { matches, undetermined } = dependentsOf(bucket, candidates, "bucket", ["bucket"]);
            const verdicts = matches.map((m) => known(() => compliant(m.props)));
            if (verdicts.includes(true) || verdicts.includes(UNKNOWN)) continue;
            if (matches.length > 0) ctx.report(bucket, `bucket ${bucket.name}: ${what} is configured but not compliant.`);
            else if (!undetermined) ctx.report(bucket, `bucket ${bucket.name} has no ${what}.`);
        }
    });
}

export const s3EncryptionKms = bucketRule(
    {
        name: "s3-bucket-encryption-kms",
        description: "Buckets must default to SSE-KMS with a customer-managed key.",
        remediationSteps:
            'Add aws.s3.BucketServerSideEncryptionConfiguration with applyServerSideEncryptionByDefault { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } and bucketKeyEnabled: true.',
        severity: "high",
    },
    "SSE-KMS encryption configuration",
    S3.encryption,
    (p) =>
        (p.rules ?? []).some(
            (r: any) =>
                ["aws:kms", "aws:kms:dsse"].includes(r.applyServerSideEncryptionByDefault?.sseAlgorithm) &&
                isSet(() => r.applyServerSideEncryptionByDefault?.kmsMasterKeyId),
        ),
);

export const s3Versioning = bucketRule(
    {
        name: "s3-bucket-versioning",
        description: "Buckets must have versioning Enabled so overwritten or deleted backups can be recovered.",
        remediationSteps: 'Add aws.s3.BucketVersioning with versioningConfiguration { status: "Enabled" }.',
        severity: "medium",
    },
    "versioning configuration with status Enabled",
    S3.versioning,
    (p) => p.versioningConfiguration?.status === "Enabled",
);

const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const s3PublicAccessBlock = bucketRule(
    {
        name: "s3-bucket-public-access-block",
        description: "Buckets must have a public access block with all four flags true.",
        remediationSteps: `Add aws.s3.BucketPublicAccessBlock with ${PAB_FLAGS.join(", ")} all true.`,
        severity: "critical",
    },
    "public access block with all four flags",
    S3.publicAccessBlock,
    (p) => PAB_FLAGS.every((f) => p[f] === true),
);

/** A statement denying every request made without TLS (aws:SecureTransport = false). */
function deniesInsecureTransport(statement: any): boolean {
    const secure = statement?.Condition?.Bool?.["aws:SecureTransport"];
    const values = Array.isArray(secure) ? secure : [secure];
    return statement?.Effect === "Deny" && values.some((v) => String(v) === "false");
}

/** The policy as an object; a string that is not JSON counts as a policy with no statements. */
function policyDocument(policy: unknown): any {
    if (typeof policy !== "string") return JSON.parse(JSON.stringify(policy ?? {}));
    try {
        return JSON.parse(policy);
    } catch {
        return {};
    }
}

export const s3TlsOnly = bucketRule(
    {
        name: "s3-bucket-tls-only-policy",
        description: "Buckets must have a policy denying requests where aws:SecureTransport is false.",
        remediationSteps:
            'Add aws.s3.BucketPolicy with a Deny statement for s3:* on the bucket and bucket/* with Condition Bool aws:SecureTransport "false".',
        severity: "high",
    },
    "bucket policy denying aws:SecureTransport=false",
    S3.policy,
    (p) => {
        const doc = policyDocument(p.policy);
        const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
        return statements.some(deniesInsecureTransport);
    },
);

export const s3Lifecycle = bucketRule(
    {
        name: "s3-bucket-lifecycle",
        description: "Buckets must have lifecycle rules (expire old backups and noncurrent versions).",
        remediationSteps:
            "Add aws.s3.BucketLifecycleConfiguration with at least one Enabled rule (expiration and noncurrentVersionExpiration).",
        severity: "low",
    },
    "lifecycle configuration with an Enabled rule",
    S3.lifecycle,
    (p) => (p.rules ?? []).some((r: any) => r.status === "Enabled"),
);

export const s3Rules = [s3EncryptionKms, s3Versioning, s3PublicAccessBlock, s3TlsOnly, s3Lifecycle];
