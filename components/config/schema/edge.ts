import { z } from "zod";
import { EnvironmentPreset } from "../presets";
import { byteQuantity } from "./primitives";

/**
 * The edge. `gateway` (default): Gateway API served by Envoy Gateway. `ingress`: for platforms that mandate Ingress,
 * with a maintained controller's class. The retired community ingress-nginx controller is never an option.
 */
export function edgeSchema(preset: EnvironmentPreset) {
    return z.strictObject({
        mode: z.enum(["gateway", "ingress"]).default("gateway"),
        /** GatewayClass name. Default "envoy-gateway". */
        gatewayClassName: z.string().default("envoy-gateway"),
        /** Ingress class when mode is ingress (e.g. "traefik", "nginx-plus" for F5 NGINX Ingress Controller). */
        ingressClass: z.string().optional(),
        tls: z
            .strictObject({
                /** Default true. Prod and staging require it. */
                enabled: z.boolean().default(true),
                /** ClusterIssuer. Default letsencrypt-prod in prod, letsencrypt-staging elsewhere. */
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
        /** Content-Security-Policy header value. */
        contentSecurityPolicy: z.string().min(1).default("default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'"),
        /** Strict-Transport-Security max-age. Default one year. */
        hstsMaxAgeSeconds: z.number().int().min(0).max(63072000).default(31536000),
        /** Largest request body (nginx client_max_body_size in the guides). Default 10Mi. */
        maxBodySize: byteQuantity.default("10Mi"),
    });
}

export type EdgeConfig = z.output<ReturnType<typeof edgeSchema>>;
