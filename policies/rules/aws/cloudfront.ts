/**
 * CloudFront distributions: TLS floor for viewers, HTTPS only, S3 origins reached through Origin Access Control, and
 * access logs where required (staging, prod).
 */
import { dependentsOf } from "../../lib/aws/join";
import { A } from "../../lib/aws/types";
import { ofType } from "../../lib/kubernetes/types";
import { isSet, known, UNKNOWN } from "../../lib/preview";
import { resourceRule, stackRule } from "../../lib/rule";

/** Security policies that refuse TLS 1.0/1.1 and the weak TLS 1.2 ciphers. */
export const STRONG_PROTOCOL_VERSIONS = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];
const HTTPS_VIEWER_POLICIES = ["redirect-to-https", "https-only"];

export const cloudfrontTlsMinimum = resourceRule(
    {
        name: "cloudfront-tls-minimum",
        description: `CloudFront distributions must serve an ACM certificate over SNI with minimumProtocolVersion ${STRONG_PROTOCOL_VERSIONS.join(" or ")}.`,
        remediationSteps:
            'Set viewerCertificate { acmCertificateArn: <certificate in us-east-1>, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" }; the *.cloudfront.net default certificate accepts TLS 1.0.',
        severity: "high",
        tags: ["aws", "cloudfront"],
    },
    ofType(A.CloudFrontDistribution),
    (ctx) => {
        const cert = known(() => ctx.props.viewerCertificate);
        if (cert === UNKNOWN) return;
        if (cert?.cloudfrontDefaultCertificate === true) {
            ctx.report(
                "viewerCertificate uses the *.cloudfront.net default certificate, which accepts TLS 1.0.\nfix: serve an ACM certificate with minimumProtocolVersion TLSv1.2_2021",
            );
            return;
        }
        const version = known(() => cert?.minimumProtocolVersion);
        if (version === UNKNOWN) return;
        if (!STRONG_PROTOCOL_VERSIONS.includes(version))
            ctx.report(
                `viewerCertificate.minimumProtocolVersion is ${version ?? "unset (TLSv1)"}.\nfix: set minimumProtocolVersion: "TLSv1.2_2021"`,
            );
    },
);

export const cloudfrontViewerHttps = resourceRule(
    {
        name: "cloudfront-viewer-https",
        description: "Every cache behaviour of a CloudFront distribution must redirect HTTP to HTTPS or answer HTTPS only.",
        remediationSteps:
            'Set viewerProtocolPolicy: "redirect-to-https" (or "https-only") on defaultCacheBehavior and every orderedCacheBehaviors entry.',
        severity: "high",
        tags: ["aws", "cloudfront"],
    },
    ofType(A.CloudFrontDistribution),
    (ctx) => {
        const behaviours: [string, () => unknown][] = [
            ["defaultCacheBehavior", () => ctx.props.defaultCacheBehavior?.viewerProtocolPolicy],
        ];
        const ordered = known(() => ctx.props.orderedCacheBehaviors ?? []);
        if (ordered !== UNKNOWN)
            (ordered as any[]).forEach((b, i) =>
                behaviours.push([`orderedCacheBehaviors[${i}] (${b?.pathPattern})`, () => b?.viewerProtocolPolicy]),
            );
        for (const [where, read] of behaviours) {
            const policy = known(read);
            if (policy !== UNKNOWN && !HTTPS_VIEWER_POLICIES.includes(policy as string))
                ctx.report(
                    `${where}.viewerProtocolPolicy is ${String(policy ?? "unset")}.\nfix: set viewerProtocolPolicy: "redirect-to-https"`,
                );
        }
    },
);

/** An S3 REST or website endpoint host. */
const S3_HOST = /\.s3([.-][a-z0-9-]+)*\.amazonaws\.com$/;

export const cloudfrontS3OriginAccessControl = resourceRule(
    {
        name: "cloudfront-s3-origin-access-control",
        description:
            "S3 origins of a CloudFront distribution must be private buckets reached through Origin Access Control: no legacy origin access identity, no public website endpoint.",
        remediationSteps:
            'Create aws.cloudfront.OriginAccessControl { originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" }, set originAccessControlId on the origin (domainName: bucket.bucketRegionalDomainName, no customOriginConfig) and grant s3:GetObject to cloudfront.amazonaws.com with an AWS:SourceArn condition naming the distribution.',
        severity: "high",
        tags: ["aws", "cloudfront", "s3"],
    },
    ofType(A.CloudFrontDistribution),
    (ctx) => {
        const origins = known(() => ctx.props.origins ?? []);
        if (origins === UNKNOWN) return;
        (origins as any[]).forEach((o, i) => {
            const where = `origins[${i}] (${o?.originId})`;
            const domain = known(() => o?.domainName);
            const custom = known(() => o?.customOriginConfig);
            if (custom === UNKNOWN || isSet(() => o?.vpcOriginConfig)) return;
            if (custom) {
                if (typeof domain === "string" && S3_HOST.test(domain))
                    ctx.report(
                        `${where} serves the S3 host ${domain} as a custom origin (a public bucket).\nfix: use the bucket's REST endpoint with an Origin Access Control`,
                    );
                return;
            }
            // Without customOriginConfig CloudFront treats the origin as an S3 bucket.
            if (isSet(() => o?.s3OriginConfig?.originAccessIdentity))
                ctx.report(
                    `${where} uses a legacy origin access identity.\nfix: replace it with an Origin Access Control (originAccessControlId)`,
                );
            else if (!isSet(() => o?.originAccessControlId))
                ctx.report(
                    `${where} is an S3 origin without originAccessControlId (the bucket must be readable unsigned).\nfix: set originAccessControlId`,
                );
        });
    },
);

export const cloudfrontLogging = stackRule<{ required: boolean }>(
    {
        name: "cloudfront-logging",
        description:
            "Where `required` (staging, prod), every CloudFront distribution must write access logs: standard logging v2 (a CloudWatch log delivery source of type ACCESS_LOGS for the distribution) or legacy loggingConfig.",
        remediationSteps:
            'Create aws.cloudwatch.LogDeliverySource { logType: "ACCESS_LOGS", resourceArn: distribution.arn } in us-east-1 with a LogDeliveryDestination (an S3 log bucket) and a LogDelivery joining them (config cdn.logging.enabled).',
        severity: "medium",
        tags: ["aws", "cloudfront"],
        configSchema: { properties: { required: { type: "boolean", default: false } } },
    },
    (ctx) => {
        if (!ctx.config.required) return;
        const sources = ctx.resources.filter((r) => r.type === A.LogDeliverySource && known(() => r.props.logType) !== "VPC_FLOW_LOGS");
        for (const d of ctx.resources.filter((r) => r.type === A.CloudFrontDistribution)) {
            if (isSet(() => d.props.loggingConfig?.bucket)) continue;
            const { matches, undetermined } = dependentsOf(d, sources, "resourceArn", []);
            if (matches.length > 0 || undetermined) continue;
            ctx.report(
                d,
                `distribution ${d.name} writes no access logs.\nfix: add a LogDeliverySource (ACCESS_LOGS) for it, or set cdn.logging.enabled: true`,
            );
        }
    },
);

export const cloudfrontRules = [cloudfrontTlsMinimum, cloudfrontViewerHttps, cloudfrontS3OriginAccessControl, cloudfrontLogging];
