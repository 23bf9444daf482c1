/** Pulumi type tokens of @pulumi/aws v7 resources the rules inspect. */
export const A = {
    RdsInstance: "aws:rds/instance:Instance",
    RdsParameterGroup: "aws:rds/parameterGroup:ParameterGroup",
    ReplicationGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
    Bucket: "aws:s3/bucket:Bucket",
    KmsKey: "aws:kms/key:Key",
    Secret: "aws:secretsmanager/secret:Secret",
    SecurityGroup: "aws:ec2/securityGroup:SecurityGroup",
    SecurityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    SecurityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    EcrRepository: "aws:ecr/repository:Repository",
    CloudFrontDistribution: "aws:cloudfront/distribution:Distribution",
    LogDeliverySource: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
} as const;

/**
 * S3 bucket sub-resources, each with its v7 token and the deprecated `…V2` alias that v7 still ships (both are
 * in use in the wild; a check that knew only one would report a false "missing").
 */
export const S3 = {
    bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    encryption: [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ],
    versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
    publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    policy: ["aws:s3/bucketPolicy:BucketPolicy"],
    lifecycle: [
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
    ],
} as const;

export function tagsOf(props: Record<string, any>): Record<string, string> {
    return props.tags ?? {};
}
