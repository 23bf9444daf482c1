/**
 * The CloudFront distribution as plain input objects: viewer TLS, cache behaviours per static path, the cache policies'
 * TTLs. Pure, so tests read the decisions without running a program.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { CdnConfig } from "../config";

type DefaultBehaviour = aws.types.input.cloudfront.DistributionDefaultCacheBehavior;
type OrderedBehaviour = aws.types.input.cloudfront.DistributionOrderedCacheBehavior;

/** The only TLS floor CloudFront offers that excludes TLS 1.0/1.1 and weak TLS 1.2 ciphers (guides: TLSv1.2 and 1.3). */
export const MINIMUM_PROTOCOL_VERSION = "TLSv1.2_2021";

/** Origin id of the S3 bucket holding the static assets. */
export const STATIC_ORIGIN_ID = "static-assets";

const ONE_YEAR = 31536000;
const ONE_DAY = 86400;

/**
 * TTLs of the two cache policies. Hashed assets: a year, the guides' `max-age=31536000, immutable` (a new build has
 * new names, so nothing is ever invalidated). Everything else the bucket holds (index pages, manifests): the origin's
 * Cache-Control decides, a day when it sends none, so a deploy shows within a day without an invalidation.
 */
export const CACHE_TTLS = {
    immutable: { minTtl: ONE_YEAR, defaultTtl: ONE_YEAR, maxTtl: ONE_YEAR },
    revalidated: { minTtl: 0, defaultTtl: ONE_DAY, maxTtl: ONE_YEAR },
} as const;

/** The cache key: path only (no cookies, headers or query strings reach S3), compressed variants cached apart. */
export const STATIC_CACHE_KEY = {
    cookiesConfig: { cookieBehavior: "none" },
    headersConfig: { headerBehavior: "none" },
    queryStringsConfig: { queryStringBehavior: "none" },
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
};

interface BehaviourPolicies {
    cachePolicyId: pulumi.Input<string>;
    responseHeadersPolicyId: pulumi.Input<string>;
}

/** What every behaviour shares: read-only methods, HTTPS for viewers, compression. */
function behaviour(p: BehaviourPolicies): DefaultBehaviour {
    return {
        targetOriginId: STATIC_ORIGIN_ID,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD", "OPTIONS"],
        cachedMethods: ["GET", "HEAD"],
        compress: true,
        cachePolicyId: p.cachePolicyId,
        responseHeadersPolicyId: p.responseHeadersPolicyId,
    };
}

/** One ordered behaviour per static path, in config order (CloudFront matches them first to last). */
export function staticBehaviours(cdn: CdnConfig, immutable: BehaviourPolicies): OrderedBehaviour[] {
    return cdn.staticPaths.map((pathPattern) => ({ pathPattern, ...behaviour(immutable) }));
}

/**
 * The default behaviour. The distribution is static-only: it serves the S3 bucket under its own host names and never
 * forwards to the API, which stays behind the Gateway with its per-client rate limits (through CloudFront every client
 * would arrive from CloudFront's addresses).
 */
export function defaultBehaviour(revalidated: BehaviourPolicies): DefaultBehaviour {
    return behaviour(revalidated);
}

/** Viewer certificate: the ACM certificate over SNI, never the *.cloudfront.net default (which allows TLS 1.0). */
export function viewerCertificate(certificateArn: string): aws.types.input.cloudfront.DistributionViewerCertificate {
    return { acmCertificateArn: certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: MINIMUM_PROTOCOL_VERSION };
}
