/**
 * Who may read the origin bucket and write the log bucket, and who may use their keys. Pure: every document names
 * one distribution (aws:SourceArn) or one account (aws:SourceAccount), so no other CloudFront distribution or log
 * delivery of another account can use the bucket (the confused-deputy guard AWS documents for OAC).
 */
import { PolicyDocument } from "../shared/iam";

const CLOUDFRONT = "cloudfront.amazonaws.com";
const LOG_DELIVERY = "delivery.logs.amazonaws.com";

/** Refuses every request made without TLS, on the bucket and its objects. */
function denyInsecureTransport(bucketArn: string): Record<string, unknown> {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** The key's own account administers it (without this statement a key policy locks everyone out). */
function accountAdministers(accountId: string): Record<string, unknown> {
    return {
        Sid: "AccountAdministers",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
    };
}

/** The origin bucket: objects readable by exactly one distribution through its Origin Access Control. */
export function originBucketPolicy(bucketArn: string, distributionArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowCloudFrontOriginAccessControl",
                Effect: "Allow",
                Principal: { Service: CLOUDFRONT },
                Action: "s3:GetObject",
                Resource: `${bucketArn}/*`,
                Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
            },
            denyInsecureTransport(bucketArn),
        ],
    };
}

/** The origin bucket's key: that distribution may decrypt the objects it reads (SSE-KMS with OAC); it never writes. */
export function originKeyPolicy(accountId: string, distributionArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            accountAdministers(accountId),
            {
                Sid: "AllowCloudFrontDecrypt",
                Effect: "Allow",
                Principal: { Service: CLOUDFRONT },
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
            },
        ],
    };
}

/** The log bucket: CloudWatch log delivery (standard logging v2) writes objects for this account only. */
export function logBucketPolicy(bucketArn: string, accountId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowLogDelivery",
                Effect: "Allow",
                Principal: { Service: LOG_DELIVERY },
                Action: "s3:PutObject",
                Resource: `${bucketArn}/*`,
                Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": accountId } },
            },
            denyInsecureTransport(bucketArn),
        ],
    };
}

/** The log bucket's key: log delivery of this account may encrypt what it writes. */
export function logKeyPolicy(accountId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            accountAdministers(accountId),
            {
                Sid: "AllowLogDeliveryEncrypt",
                Effect: "Allow",
                Principal: { Service: LOG_DELIVERY },
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    };
}
