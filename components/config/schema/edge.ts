import { z } from "zod";
import { EnvironmentPreset } from "../presets";
import { byteQuantity, dnsLabel, envVarName, hostname } from "./primitives";
import { frameOptionsConflict } from "../../shared/frame-options";

/** The Envoy data plane of the stack's Gateway (an EnvoyProxy resource referenced from the Gateway). */
function proxySchema(preset: EnvironmentPreset) {
    const floor = preset.minEdgeProxyReplicas;
    return z.strictObject({
        /** Minimum proxy replicas (HPA minimum). Default 1 dev, 2 staging, 3 prod; at least 2 outside dev. */
        replicas: z
            .number()
            .int()
            .min(floor, `fix: at least ${floor} proxy replicas are required in this environment`)
            .max(100)
            .default(preset.edgeProxyReplicas),
        /** HPA maximum. Default 10. */
        maxReplicas: z.number().int().min(1).max(200).default(10),
        /** HPA target CPU utilisation, percent of requests. Default 70. */
        cpuPercent: z.number().int().min(10).max(100).default(70),
    });
}

/**
 * external-dns for the routed hosts. `provider` aws means Route53 (aws target, IRSA role scoped to `hostedZoneId`);
 * on the cluster target any external-dns provider, its credentials in `credentials`.
 */
const dnsSchema = z.strictObject({
    /** Default false; prod stack files turn it on. */
    enabled: z.boolean().default(false),
    /** external-dns provider name (aws = Route53). Default aws. */
    provider: z.enum(["aws", "cloudflare", "google", "azure", "digitalocean", "rfc2136", "pdns"]).default("aws"),
    /** Route53 hosted zone id (required with provider aws). */
    hostedZoneId: z
        .string()
        .regex(/^Z[A-Z0-9]{1,31}$/, "a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ")
        .optional(),
    /** Zones external-dns may touch. Default: the routed hosts themselves. */
    domainFilters: z.array(hostname).optional(),
    /**
     * Provider credentials: a Secret in the external-dns namespace (`<namespace>-dns`, created by the platform team)
     * and the keys in it, each passed as the env var of the same name (e.g. CF_API_TOKEN). Never values in the stack.
     */
    credentials: z.strictObject({ secret: dnsLabel, keys: z.array(envVarName).min(1) }).optional(),
    /** `sync` deletes records it owns when routes go; `upsert-only` never deletes. Default sync. */
    policy: z.enum(["sync", "upsert-only"]).default("sync"),
});

/**
 * The edge. `gateway` (default): Gateway API served by Envoy Gateway. `ingress`: for platforms that mandate Ingress,
 * with a maintained controller's class. The retired community ingress-nginx controller is never an option.
 */
export function edgeSchema(preset: EnvironmentPreset) {
    return z
        .strictObject({
            mode: z.enum(["gateway", "ingress"]).default("gateway"),
            /** GatewayClass name. Default "envoy-gateway". */
            gatewayClassName: z.string().default("envoy-gateway"),
            /** Ingress class when mode is ingress (e.g. "traefik", "nginx-plus" for F5 NGINX Ingress Controller). */
            ingressClass: z.string().optional(),
            tls: z
                .strictObject({
                    /** Default true. Prod and staging require it. */
                    enabled: z.boolean().default(true),
                    /** Issuer (namespaced, in the app namespace). Default letsencrypt-prod in prod, letsencrypt-staging elsewhere. */
                    issuer: z.enum(["letsencrypt-prod", "letsencrypt-staging"]).default(preset.defaultIssuer),
                    /** ACME account e-mail; required when TLS is on. */
                    acmeEmail: z.string().email().optional(),
                    /** Minimum protocol version (guides: TLSv1.2 and 1.3). */
                    minVersion: z.enum(["1.2", "1.3"]).default("1.2"),
                })
                .default({ enabled: true, issuer: preset.defaultIssuer, minVersion: "1.2" }),
            rateLimit: z
                .strictObject({
                    /** Requests per second per client IP. Default 100 dev, 50 staging, 20 prod. */
                    requestsPerSecond: z.number().int().min(1).max(100000).default(preset.rateLimitPerSecond),
                    /**
                     * Per-API-key limit across all proxies (metrics guide: 100/min per key), counted in the stack's Redis by
                     * Envoy Gateway's rate limit service. Absent: none.
                     */
                    perApiKey: z
                        .strictObject({
                            /** Header carrying the key. Default X-API-Key. */
                            header: z
                                .string()
                                .regex(/^[A-Za-z0-9-]{1,256}$/, "an HTTP header name such as X-API-Key")
                                .default("X-API-Key"),
                            requestsPerMinute: z.number().int().min(1).max(1000000),
                        })
                        .optional(),
                })
                .default({ requestsPerSecond: preset.rateLimitPerSecond }),
            cors: z
                .strictObject({
                    allowOrigins: z
                        .array(z.string().regex(/^(\*|https?:\/\/[^\s/]+)$/, "an origin such as https://app.example.com"))
                        .default([]),
                    allowMethods: z
                        .array(z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]))
                        .default(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]),
                    allowHeaders: z.array(z.string()).default(["Authorization", "Content-Type"]),
                    maxAgeSeconds: z.number().int().min(0).max(86400).default(600),
                })
                .default({
                    allowOrigins: [],
                    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
                    allowHeaders: ["Authorization", "Content-Type"],
                    maxAgeSeconds: 600,
                }),
            /**
             * X-Frame-Options. Default: the one the CSP's frame-ancestors means (SAMEORIGIN for 'self' alone, else DENY).
             * Set explicitly (Third Eye guide: SAMEORIGIN), it must agree with frame-ancestors: browsers that know CSP
             * ignore this header, so a contradiction would frame differently per browser.
             */
            frameOptions: z.enum(["DENY", "SAMEORIGIN"]).optional(),
            /** Content-Security-Policy header value. */
            contentSecurityPolicy: z
                .string()
                .min(1)
                .default("default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'"),
            /** Strict-Transport-Security max-age. Default one year. */
            hstsMaxAgeSeconds: z.number().int().min(0).max(63072000).default(31536000),
            /**
             * Adds `preload` to Strict-Transport-Security (metrics guide). Default false: preload lists are hard to leave, so
             * it is a deliberate choice; it needs max-age of at least one year and TLS on.
             */
            hstsPreload: z.boolean().default(false),
            /** The Envoy data plane (replicas, autoscaling). */
            proxy: proxySchema(preset).default(proxySchema(preset).parse({})),
            dns: dnsSchema.default(dnsSchema.parse({})),
            /** Largest request body (nginx client_max_body_size in the guides). Default 10Mi. */
            maxBodySize: byteQuantity.default("10Mi"),
        })
        .superRefine((edge, ctx) => {
            const conflict = edge.frameOptions && frameOptionsConflict(edge.frameOptions, edge.contentSecurityPolicy);
            if (edge.frameOptions && conflict)
                ctx.addIssue({
                    code: "custom",
                    path: ["frameOptions"],
                    input: edge.frameOptions,
                    message: `X-Frame-Options ${edge.frameOptions} consistent with the CSP's frame-ancestors (${conflict}); fix: set contentSecurityPolicy frame-ancestors to ${edge.frameOptions === "DENY" ? "'none'" : "'self'"} or frameOptions to ${edge.frameOptions === "DENY" ? "SAMEORIGIN" : "DENY"}`,
                });
            if (edge.hstsPreload && edge.hstsMaxAgeSeconds < 31536000)
                ctx.addIssue({
                    code: "custom",
                    path: ["hstsMaxAgeSeconds"],
                    input: edge.hstsMaxAgeSeconds,
                    message: "at least 31536000 (one year) with hstsPreload; fix: raise hstsMaxAgeSeconds or turn hstsPreload off",
                });
            if (edge.dns.enabled && edge.dns.provider === "aws" && !edge.dns.hostedZoneId)
                ctx.addIssue({
                    code: "custom",
                    path: ["dns", "hostedZoneId"],
                    input: undefined,
                    message:
                        "the Route53 hosted zone id with dns.provider aws; fix: set edge.dns.hostedZoneId (aws route53 list-hosted-zones)",
                });
            if (edge.dns.enabled && edge.dns.provider !== "aws" && !edge.dns.credentials)
                ctx.addIssue({
                    code: "custom",
                    path: ["dns", "credentials"],
                    input: undefined,
                    message: `the Secret and keys holding the ${edge.dns.provider} credentials; fix: create the Secret in the external-dns namespace and set edge.dns.credentials.secret and .keys`,
                });
        });
}

export type EdgeConfig = z.output<ReturnType<typeof edgeSchema>>;
