import { z } from "zod";
import { EnvironmentPreset } from "../presets";
import { hostname } from "./primitives";

/**
 * A CloudFront path pattern for hashed static assets: an absolute prefix ending in `/*` (`/static/*`,
 * `/_next/static/*`). The Gateway matches the same prefix without the `*`.
 */
export const staticPathPattern = z
    .string()
    .regex(/^\/([A-Za-z0-9._~-]+\/)+\*$/, "a path prefix ending in /*, such as /static/* or /_next/static/*");

/** What the guides send for fingerprinted assets (guide 002: `add_header Cache-Control "public, max-age=31536000, immutable"`). */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

/**
 * Static assets. `staticPaths` is read on every target: the cluster edge answers those paths with `cacheControl`, so
 * any CDN in front of the Gateway caches them as the guides ask. `enabled` adds a CloudFront distribution (aws target
 * only) in front of a private S3 bucket holding the same paths.
 */
export function cdnSchema(preset: EnvironmentPreset) {
    return z.strictObject({
        /** Create the CloudFront distribution and its S3 origin (aws target). Default false. */
        enabled: z.boolean().default(false),
        /** Host names the distribution answers (its ACM certificate covers them); required when enabled. Default none. */
        aliases: z.array(hostname).default([]),
        /** Paths of fingerprinted assets, cached for a year and served immutable. Default none. */
        staticPaths: z.array(staticPathPattern).default([]),
        /**
         * Services whose routes serve the static paths at the edge (their HTTPRoutes get the Cache-Control rules).
         * Default: every service with a route whose paths cover them.
         */
        servedBy: z.array(z.string().min(1)).optional(),
        /** Cache-Control of responses on the static paths. Default "public, max-age=31536000, immutable". */
        cacheControl: z.string().min(1).default(IMMUTABLE_CACHE_CONTROL),
        /** CloudFront price class (edge locations used). Default PriceClass_100 (North America and Europe). */
        priceClass: z.enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"]).default("PriceClass_100"),
        /** WAFv2 web ACL (scope CLOUDFRONT, in us-east-1) attached to the distribution, by ARN. Default none. */
        webAclId: z
            .string()
            .regex(
                /^arn:aws[a-z-]*:wafv2:us-east-1:[0-9]{12}:global\/webacl\/.+$/,
                "a WAFv2 web ACL ARN with scope CLOUDFRONT (us-east-1, global/webacl/...)",
            )
            .optional(),
        /** Route53 hosted zone for the aliases: the ACM DNS-validation records are created there. Default none (validate by hand). */
        route53ZoneId: z
            .string()
            .regex(/^Z[A-Z0-9]{1,32}$/, "a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ")
            .optional(),
        logging: z
            .strictObject({
                /** Access logs (standard logging v2) into a log bucket. Default on in staging and prod. */
                enabled: z.boolean().default(preset.requireCdnLogging),
                /** Days access logs are kept. Default the preset's log retention (30 in prod). */
                retentionDays: z.number().int().min(1).max(3650).default(preset.logRetentionDays),
            })
            .default({ enabled: preset.requireCdnLogging, retentionDays: preset.logRetentionDays }),
    });
}

export type CdnConfig = z.output<ReturnType<typeof cdnSchema>>;

/** Whether the edge answers `service`'s static paths with the immutable Cache-Control (cdn.servedBy, default all). */
export function servesStaticPaths(cdn: CdnConfig, service: string): boolean {
    return cdn.staticPaths.length > 0 && (cdn.servedBy === undefined || cdn.servedBy.includes(service));
}

/** The Gateway's PathPrefix for a static path pattern: `/static/*` -> `/static` (matches /static and /static/...). */
export function gatewayPrefixOf(pattern: string): string {
    return pattern.replace(/\/\*$/, "");
}
