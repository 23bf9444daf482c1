import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CdnConfig, EdgeConfig } from "../config";
import { logBucketPolicy, logKeyPolicy, originBucketPolicy, originKeyPolicy } from "./access-policies";
import { CACHE_TTLS, defaultBehaviour, STATIC_CACHE_KEY, STATIC_ORIGIN_ID, staticBehaviours, viewerCertificate } from "./distribution-spec";
import { attachPolicies, privateBucket } from "./private-bucket";
import { REMOVED_ORIGIN_HEADERS, securityHeadersConfig } from "./response-headers";

/** CloudFront reads certificates, web ACLs and (standard logging v2) log sources only in us-east-1. */
export const CLOUDFRONT_REGION = "us-east-1";

export interface StaticCdnArgs {
    /** The `cdn` section (aliases, staticPaths, cacheControl, priceClass, webAclId, route53ZoneId, logging). */
    cdn: CdnConfig;
    /** The edge section: the security headers match the Gateway's (CSP, HSTS max-age, frame options). */
    edge: EdgeConfig;
    /** Provider of the stack's region: the origin bucket lives there. */
    provider: aws.Provider;
    /** Start of the bucket names ("<app>-<env>-cdn"): buckets are global, the environment keeps stacks apart. */
    bucketPrefix: string;
    /** Tags on every resource (also the default tags of the us-east-1 provider). */
    tags: Record<string, string>;
    /** `protect` on the buckets and keys (config.preset.protectStatefulResources). Default false. */
    protect?: boolean;
}

/**
 * Static assets behind CloudFront: a private S3 origin readable only by this distribution through Origin Access
 * Control, an ACM certificate in us-east-1 for the aliases (DNS-validated in Route53 when a zone is configured), TLS
 * 1.2_2021+, HTTP/2 and HTTP/3, one cache behaviour per static path with the immutable Cache-Control, the edge's
 * security headers, access logs (standard logging v2) into a private log bucket, and the configured WAF web ACL.
 */
export class StaticCdn extends pulumi.ComponentResource {
    public readonly distribution: aws.cloudfront.Distribution;
    public readonly originBucket: aws.s3.Bucket;
    public readonly logBucket?: aws.s3.Bucket;
    public readonly certificate: aws.acm.Certificate;

    constructor(name: string, args: StaticCdnArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:cdn:StaticCdn", name, {}, opts);
        const { cdn, tags } = args;
        const protect = args.protect ?? false;
        const parent = { parent: this };
        const usEast1 = new aws.Provider(`${name}-us-east-1`, { region: CLOUDFRONT_REGION, defaultTags: { tags } }, parent);
        const inRegion = { parent: this, provider: args.provider };
        const global = { parent: this, provider: usEast1 };
        const accountId = aws.getCallerIdentityOutput({}, { parent: this, provider: args.provider }).accountId;

        const origin = privateBucket(this, `${name}-origin`, {
            bucketPrefix: `${args.bucketPrefix}-origin-`,
            provider: args.provider,
            tags,
            protect,
        });
        const oac = new aws.cloudfront.OriginAccessControl(
            `${name}-oac`,
            {
                description: `${name}: S3 origin, signed requests only`,
                originAccessControlOriginType: "s3",
                signingBehavior: "always",
                signingProtocol: "sigv4",
            },
            inRegion,
        );

        const certificateArn = this.issueCertificate(name, cdn, tags, global);
        this.certificate = certificateArn.certificate;

        const cachePolicy = (role: keyof typeof CACHE_TTLS) =>
            new aws.cloudfront.CachePolicy(
                `${name}-${role}`,
                {
                    comment: `${name}: ${role} static assets`,
                    ...CACHE_TTLS[role],
                    parametersInCacheKeyAndForwardedToOrigin: STATIC_CACHE_KEY,
                },
                inRegion,
            );
        const headersPolicy = (role: string, cacheControl?: string) =>
            new aws.cloudfront.ResponseHeadersPolicy(
                `${name}-${role}-headers`,
                {
                    comment: `${name}: security headers${cacheControl ? " and Cache-Control" : ""}`,
                    securityHeadersConfig: securityHeadersConfig(args.edge),
                    removeHeadersConfig: { items: REMOVED_ORIGIN_HEADERS.map((header) => ({ header })) },
                    ...(cacheControl
                        ? { customHeadersConfig: { items: [{ header: "Cache-Control", value: cacheControl, override: true }] } }
                        : {}),
                },
                inRegion,
            );
        const immutable = {
            cachePolicyId: cachePolicy("immutable").id,
            responseHeadersPolicyId: headersPolicy("static", cdn.cacheControl).id,
        };
        const revalidated = { cachePolicyId: cachePolicy("revalidated").id, responseHeadersPolicyId: headersPolicy("default").id };

        this.distribution = new aws.cloudfront.Distribution(
            `${name}-distribution`,
            {
                enabled: true,
                comment: `${name}: static assets`,
                aliases: cdn.aliases,
                httpVersion: "http2and3",
                isIpv6Enabled: true,
                priceClass: cdn.priceClass,
                webAclId: cdn.webAclId,
                origins: [
                    { originId: STATIC_ORIGIN_ID, domainName: origin.bucket.bucketRegionalDomainName, originAccessControlId: oac.id },
                ],
                defaultCacheBehavior: defaultBehaviour(revalidated),
                orderedCacheBehaviors: staticBehaviours(cdn, immutable),
                restrictions: { geoRestriction: { restrictionType: "none" } },
                viewerCertificate: certificateArn.arn.apply(viewerCertificate),
                tags,
            },
            { ...inRegion, dependsOn: origin.settings },
        );
        const distributionArn = this.distribution.arn;
        attachPolicies(this, `${name}-origin`, origin, args.provider, {
            bucket: pulumi.all([origin.bucket.arn, distributionArn]).apply(([b, d]) => originBucketPolicy(b, d)),
            key: pulumi.all([accountId, distributionArn]).apply(([a, d]) => originKeyPolicy(a, d)),
        });
        this.originBucket = origin.bucket;

        if (cdn.logging.enabled) this.logBucket = this.accessLogs(name, cdn, tags, protect, args.bucketPrefix, usEast1, accountId);

        this.registerOutputs({
            distributionId: this.distribution.id,
            domainName: this.distribution.domainName,
            originBucket: this.originBucket.bucket,
            logBucket: this.logBucket?.bucket,
        });
    }

    /** The ACM certificate for the aliases in us-east-1, and its ARN once validated when Route53 can validate it. */
    private issueCertificate(
        name: string,
        cdn: CdnConfig,
        tags: Record<string, string>,
        global: pulumi.CustomResourceOptions,
    ): { certificate: aws.acm.Certificate; arn: pulumi.Output<string> } {
        const [domainName, ...subjectAlternativeNames] = cdn.aliases;
        const certificate = new aws.acm.Certificate(
            `${name}-certificate`,
            { domainName, subjectAlternativeNames, validationMethod: "DNS", tags },
            global,
        );
        const zoneId = cdn.route53ZoneId;
        if (!zoneId) return { certificate, arn: certificate.arn };
        const records = cdn.aliases.map((alias, i) => {
            const option = certificate.domainValidationOptions.apply((all) => (all ?? []).find((o) => o.domainName === alias));
            return new aws.route53.Record(
                `${name}-validation-${i}`,
                {
                    zoneId,
                    name: option.apply((o) => o?.resourceRecordName ?? ""),
                    type: option.apply((o) => o?.resourceRecordType ?? "CNAME"),
                    records: [option.apply((o) => o?.resourceRecordValue ?? "")],
                    ttl: 300,
                    allowOverwrite: true,
                },
                global,
            );
        });
        const validation = new aws.acm.CertificateValidation(
            `${name}-certificate-validation`,
            { certificateArn: certificate.arn, validationRecordFqdns: records.map((r) => r.fqdn) },
            global,
        );
        return { certificate, arn: validation.certificateArn };
    }

    /** Standard logging v2: the distribution's access logs delivered into a private bucket in us-east-1. */
    private accessLogs(
        name: string,
        cdn: CdnConfig,
        tags: Record<string, string>,
        protect: boolean,
        bucketPrefix: string,
        usEast1: aws.Provider,
        accountId: pulumi.Output<string>,
    ): aws.s3.Bucket {
        const global = { parent: this, provider: usEast1 };
        const logs = privateBucket(this, `${name}-logs`, {
            bucketPrefix: `${bucketPrefix}-logs-`,
            provider: usEast1,
            tags,
            protect,
            expireAfterDays: cdn.logging.retentionDays,
        });
        const policies = attachPolicies(this, `${name}-logs`, logs, usEast1, {
            bucket: pulumi.all([logs.bucket.arn, accountId]).apply(([b, a]) => logBucketPolicy(b, a)),
            key: accountId.apply(logKeyPolicy),
        });
        const source = new aws.cloudwatch.LogDeliverySource(
            `${name}-log-source`,
            { name: `${name}-access-logs`, logType: "ACCESS_LOGS", resourceArn: this.distribution.arn, tags },
            global,
        );
        const destination = new aws.cloudwatch.LogDeliveryDestination(
            `${name}-log-destination`,
            {
                name: `${name}-access-logs`,
                outputFormat: "parquet",
                deliveryDestinationConfiguration: { destinationResourceArn: logs.bucket.arn },
                tags,
            },
            { ...global, dependsOn: [...logs.settings, ...policies] },
        );
        new aws.cloudwatch.LogDelivery(
            `${name}-log-delivery`,
            { deliverySourceName: source.name, deliveryDestinationArn: destination.arn, tags },
            global,
        );
        return logs.bucket;
    }
}
