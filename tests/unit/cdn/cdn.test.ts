import * as assert from "assert";
import { named, ofType, runProgramFull, runWithMocks } from "../../../tools/mock-runner/harness";
import type { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { StackConfig } from "../../../components/config";
import { deployPlatform } from "../../../components/platform/deploy";
import { deployCdn } from "../../../components/cdn/deploy";
import { CdnLayer } from "../../../components/contracts";
import { runPolicies } from "../../../tools/policy-check/runner";
import { loadPackConfig } from "../../../tools/policy-check/config";
import { buildConfig } from "../support/config-fixtures";

const T = {
    distribution: "aws:cloudfront/distribution:Distribution",
    oac: "aws:cloudfront/originAccessControl:OriginAccessControl",
    cachePolicy: "aws:cloudfront/cachePolicy:CachePolicy",
    headersPolicy: "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
    certificate: "aws:acm/certificate:Certificate",
    validation: "aws:acm/certificateValidation:CertificateValidation",
    record: "aws:route53/record:Record",
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    keyPolicy: "aws:kms/keyPolicy:KeyPolicy",
    logSource: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
    logDestination: "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
    logDelivery: "aws:cloudwatch/logDelivery:LogDelivery",
    awsProvider: "pulumi:providers:aws",
} as const;

/** prod on aws with the CDN on for cdn.shop.example.com, the two static paths of a Next.js build and a Route53 zone. */
function cdnConfig(edit?: (raw: Record<string, any>) => void): StackConfig {
    return buildConfig("prod", (r) => {
        r.cdn = {
            enabled: true,
            aliases: ["cdn.shop.example.com", "static.shop.example.com"],
            staticPaths: ["/static/*", "/_next/static/*"],
            route53ZoneId: "Z0123456789ABCDEFGHIJ",
            webAclId: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/shop-cdn/0a1b2c3d-1111-2222-3333-444455556666",
        };
        edit?.(r);
    });
}

async function runCdn(config: StackConfig): Promise<{ resources: RecordedResource[]; layer?: CdnLayer }> {
    let layer: CdnLayer | undefined;
    const result = await runWithMocks(
        () => {
            layer = deployCdn(deployPlatform(config));
        },
        { stack: config.environment, config: config.aws ? { aws: config.aws } : {} },
    );
    if (result.error) throw result.error;
    return { resources: result.resources, layer };
}

const byRole = (resources: RecordedResource[], type: string, role: string) => named(resources, type, `shop-cdn-${role}`);
const statementsOf = (r: RecordedResource) => JSON.parse(r.inputs.policy).Statement as Record<string, any>[];

describe("cdn: CloudFront for the static paths (aws target)", () => {
    let resources: RecordedResource[];
    let distribution: RecordedResource;
    before(async () => {
        resources = (await runCdn(cdnConfig())).resources;
        distribution = byRole(resources, T.distribution, "distribution");
    });

    it("is off by default: no distribution, no layer", async () => {
        const run = await runCdn(buildConfig("prod"));
        assert.strictEqual(run.layer, undefined);
        assert.deepStrictEqual(ofType(run.resources, T.distribution), []);
    });

    it("viewers: the aliases over TLSv1.2_2021 with the ACM certificate (SNI), HTTP/2 and 3, HTTPS redirect everywhere", () => {
        const d = distribution.inputs;
        assert.deepStrictEqual(d.aliases, ["cdn.shop.example.com", "static.shop.example.com"]);
        assert.strictEqual(d.viewerCertificate.minimumProtocolVersion, "TLSv1.2_2021");
        assert.strictEqual(d.viewerCertificate.sslSupportMethod, "sni-only");
        assert.notStrictEqual(d.viewerCertificate.cloudfrontDefaultCertificate, true);
        assert.strictEqual(d.httpVersion, "http2and3");
        assert.strictEqual(d.priceClass, "PriceClass_100");
        for (const b of [d.defaultCacheBehavior, ...d.orderedCacheBehaviors]) {
            assert.strictEqual(b.viewerProtocolPolicy, "redirect-to-https");
            assert.deepStrictEqual(b.allowedMethods, ["GET", "HEAD", "OPTIONS"]);
        }
    });

    it("the WAF web ACL from config is attached", () => {
        assert.strictEqual(distribution.inputs.webAclId, cdnConfig().cdn.webAclId);
    });

    it("certificate in us-east-1 for every alias, DNS-validated in the configured zone", () => {
        const cert = byRole(resources, T.certificate, "certificate");
        assert.strictEqual(cert.inputs.domainName, "cdn.shop.example.com");
        assert.deepStrictEqual(cert.inputs.subjectAlternativeNames, ["static.shop.example.com"]);
        assert.strictEqual(cert.inputs.validationMethod, "DNS");
        const usEast1 = byRole(resources, T.awsProvider, "us-east-1");
        assert.strictEqual(usEast1.inputs.region, "us-east-1");
        assert.strictEqual(cert.options.provider, usEast1.urn);
        const records = ofType(resources, T.record);
        assert.strictEqual(records.length, 2);
        assert.ok(records.every((r) => r.inputs.zoneId === "Z0123456789ABCDEFGHIJ"));
        assert.strictEqual(byRole(resources, T.validation, "certificate-validation").options.provider, usEast1.urn);
    });

    it("without a Route53 zone the certificate is requested but nothing writes DNS", async () => {
        const run = await runCdn(cdnConfig((r) => delete r.cdn.route53ZoneId));
        assert.strictEqual(ofType(run.resources, T.certificate).length, 1);
        assert.deepStrictEqual(ofType(run.resources, T.record), []);
        assert.deepStrictEqual(ofType(run.resources, T.validation), []);
    });

    it("one behaviour per static path with the year-long cache policy and the guides' immutable Cache-Control", () => {
        const ordered = distribution.inputs.orderedCacheBehaviors;
        assert.deepStrictEqual(
            ordered.map((b: any) => b.pathPattern),
            ["/static/*", "/_next/static/*"],
        );
        const immutable = byRole(resources, T.cachePolicy, "immutable").inputs;
        assert.strictEqual(immutable.minTtl, 31536000);
        assert.strictEqual(immutable.maxTtl, 31536000);
        assert.strictEqual(immutable.parametersInCacheKeyAndForwardedToOrigin.queryStringsConfig.queryStringBehavior, "none");
        assert.strictEqual(immutable.parametersInCacheKeyAndForwardedToOrigin.cookiesConfig.cookieBehavior, "none");
        const staticHeaders = byRole(resources, T.headersPolicy, "static-headers").inputs;
        assert.deepStrictEqual(staticHeaders.customHeadersConfig.items, [
            { header: "Cache-Control", value: "public, max-age=31536000, immutable", override: true },
        ]);
        // The default behaviour (everything else in the bucket) is not cached as immutable.
        const revalidated = byRole(resources, T.cachePolicy, "revalidated").inputs;
        assert.strictEqual(revalidated.minTtl, 0);
        assert.strictEqual(byRole(resources, T.headersPolicy, "default-headers").inputs.customHeadersConfig, undefined);
    });

    it("security headers agree with the edge config: HSTS max-age, nosniff, CSP, and frame options from frame-ancestors", async () => {
        const sec = byRole(resources, T.headersPolicy, "static-headers").inputs.securityHeadersConfig;
        assert.strictEqual(sec.strictTransportSecurity.accessControlMaxAgeSec, 31536000);
        assert.strictEqual(sec.contentTypeOptions.override, true);
        assert.strictEqual(sec.frameOptions.frameOption, "DENY");
        assert.strictEqual(sec.contentSecurityPolicy.contentSecurityPolicy, cdnConfig().edge.contentSecurityPolicy);
        const sameOrigin = await runCdn(cdnConfig((r) => (r.edge.contentSecurityPolicy = "default-src 'self'; frame-ancestors 'self'")));
        assert.strictEqual(
            byRole(sameOrigin.resources, T.headersPolicy, "default-headers").inputs.securityHeadersConfig.frameOptions.frameOption,
            "SAMEORIGIN",
        );
    });

    it("the origin is a private bucket reached through Origin Access Control (no legacy OAI)", () => {
        const origin = distribution.inputs.origins[0];
        assert.strictEqual(origin.s3OriginConfig, undefined);
        assert.strictEqual(origin.customOriginConfig, undefined);
        assert.ok(origin.originAccessControlId, "origin has no originAccessControlId");
        const oac = byRole(resources, T.oac, "oac").inputs;
        assert.deepStrictEqual([oac.originAccessControlOriginType, oac.signingBehavior, oac.signingProtocol], ["s3", "always", "sigv4"]);
        const pab = byRole(resources, T.publicAccess, "origin-public-access").inputs;
        assert.ok(pab.blockPublicAcls && pab.blockPublicPolicy && pab.ignorePublicAcls && pab.restrictPublicBuckets);
        assert.strictEqual(
            byRole(resources, T.encryption, "origin-encryption").inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm,
            "aws:kms",
        );
        assert.strictEqual(byRole(resources, T.versioning, "origin-versioning").inputs.versioningConfiguration.status, "Enabled");
        assert.match(byRole(resources, T.bucket, "origin-bucket").inputs.bucketPrefix, /^shop-prod-cdn-origin-/);
    });

    it("the bucket policy and the key policy grant only this distribution (AWS:SourceArn), and deny plain HTTP", () => {
        const arn = `arn:aws:cloudfront:eu-west-1:123456789012:shop-cdn-distribution`;
        const [allow, deny] = statementsOf(byRole(resources, T.bucketPolicy, "origin-policy"));
        assert.deepStrictEqual(allow.Principal, { Service: "cloudfront.amazonaws.com" });
        assert.strictEqual(allow.Action, "s3:GetObject");
        assert.deepStrictEqual(allow.Condition, { StringEquals: { "AWS:SourceArn": arn } });
        assert.deepStrictEqual(deny.Condition, { Bool: { "aws:SecureTransport": "false" } });
        const keyStatements = statementsOf(byRole(resources, T.keyPolicy, "origin-key-policy"));
        const cloudfront = keyStatements.find((s) => s.Principal.Service === "cloudfront.amazonaws.com")!;
        assert.strictEqual(cloudfront.Action, "kms:Decrypt");
        assert.deepStrictEqual(cloudfront.Condition, { StringEquals: { "AWS:SourceArn": arn } });
    });

    it("access logs: standard logging v2 from the distribution into a private log bucket in us-east-1, expiring after the retention", () => {
        const usEast1 = byRole(resources, T.awsProvider, "us-east-1").urn;
        const source = byRole(resources, T.logSource, "log-source");
        assert.strictEqual(source.inputs.logType, "ACCESS_LOGS");
        assert.strictEqual(source.options.provider, usEast1);
        const destination = byRole(resources, T.logDestination, "log-destination");
        const logBucket = byRole(resources, T.bucket, "logs-bucket");
        assert.match(logBucket.inputs.bucketPrefix, /^shop-prod-cdn-logs-/);
        assert.match(destination.inputs.deliveryDestinationConfiguration.destinationResourceArn, /^arn:aws:s3:::shop-cdn-logs-bucket-/);
        assert.strictEqual(byRole(resources, T.logDelivery, "log-delivery").inputs.deliverySourceName, "shop-cdn-access-logs");
        assert.strictEqual(logBucket.options.provider, usEast1);
        const lifecycle = byRole(resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "logs-lifecycle");
        assert.strictEqual(lifecycle.inputs.rules[0].expiration.days, 30);
        const [allow] = statementsOf(byRole(resources, T.bucketPolicy, "logs-policy"));
        assert.deepStrictEqual(allow.Principal, { Service: "delivery.logs.amazonaws.com" });
        assert.strictEqual(allow.Condition.StringEquals["aws:SourceAccount"], "123456789012");
    });

    it("buckets and keys are protected in prod", () => {
        const stateful = resources.filter((r) => r.type === T.bucket || r.type === "aws:kms/key:Key");
        assert.strictEqual(stateful.length, 4);
        assert.ok(stateful.every((r) => r.options.protect === true));
    });

    it("the whole CDN passes the pack with the prod config (S3, KMS, protection and the CloudFront rules)", async () => {
        const result = await runPolicies(resources, { config: loadPackConfig("prod"), now: new Date("2026-06-15T12:00:00Z") });
        assert.deepStrictEqual(
            result.violations.map((v) => `${v.rule}: ${v.message}`),
            [],
        );
    });

    it("the pack blocks the same CDN with logging off in prod (cloudfront-logging)", async () => {
        const withoutLogs = resources.filter((r) => ![T.logSource, T.logDestination, T.logDelivery].includes(r.type as never));
        const result = await runPolicies(withoutLogs, { config: loadPackConfig("prod"), now: new Date("2026-06-15T12:00:00Z") });
        assert.deepStrictEqual(
            result.violations.map((v) => v.rule),
            ["cloudfront-logging"],
        );
    });
});

describe("cdn: the program exports the distribution", () => {
    it("index.ts exports the distribution id, domain name and origin bucket where the CDN is on", async () => {
        const run = await runProgramFull({
            stack: "prod",
            edit: (raw) => {
                raw.cdn = { enabled: true, aliases: ["cdn.webapp.example.com"], staticPaths: ["/static/*"] };
            },
        });
        if (run.error) throw run.error;
        const cdn = run.outputs.cdn as Record<string, unknown>;
        assert.ok(cdn, `no cdn output in ${Object.keys(run.outputs).join(", ")}`);
        assert.match(String(cdn.distributionId), /^webapp-cdn-distribution-/);
        assert.match(String(cdn.originBucket), /^webapp-cdn-origin-bucket-/);
        assert.ok("domainName" in cdn);
    });
});
