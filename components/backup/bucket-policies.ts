/** IAM and bucket policy documents of the backup bucket. Pure. */

export function denyInsecureTransportPolicy(bucketArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}

/** What the backup jobs may do: list, read, write and delete objects of this bucket, with this KMS key. Nothing else. */
export function backupAccessPolicy(bucketArn: string, keyArn?: string): string {
    const statements: Record<string, unknown>[] = [
        { Sid: "ListBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: [bucketArn] },
        {
            Sid: "Objects",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
            Resource: [`${bucketArn}/*`],
        },
    ];
    if (keyArn)
        statements.push({
            Sid: "Key",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
            Resource: [keyArn],
        });
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Permissions S3 replication needs: read the source's versions, replicate into the destination, use both keys. */
export function replicationPolicy(sourceArn: string, destinationArn: string, sourceKeyArn: string, destinationKeyArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: [sourceArn] },
            {
                Effect: "Allow",
                Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
                Resource: [`${sourceArn}/*`],
            },
            {
                Effect: "Allow",
                Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                Resource: [`${destinationArn}/*`],
            },
            { Effect: "Allow", Action: ["kms:Decrypt"], Resource: [sourceKeyArn] },
            { Effect: "Allow", Action: ["kms:Encrypt", "kms:GenerateDataKey"], Resource: [destinationKeyArn] },
        ],
    });
}

export const S3_REPLICATION_TRUST = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
