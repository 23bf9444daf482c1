import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config";
import { AddonChart } from "./chart";
import { ADDON_VERSIONS } from "./versions";

/** Controller name Envoy Gateway reconciles GatewayClasses for. */
export const ENVOY_GATEWAY_CONTROLLER = "gateway.envoyproxy.io/gatewayclass-controller";

/** Where the global rate limit service keeps its counters: the stack's Redis. */
export interface RateLimitRedis {
    host: pulumi.Input<string>;
    port: number;
    /** ElastiCache in-transit encryption: the rate limit service must speak TLS. */
    tls: boolean;
    /** The Redis password (a secret output), copied into the rate limit service's Secret. */
    password: pulumi.Input<string>;
}

/** Key of the rate limit Secret holding the Redis password. */
const RATE_LIMIT_REDIS_PASSWORD_KEY = "password";

/**
 * Whether the stack runs Envoy Gateway's global rate limit service on its Redis: per-API-key limits configured, the
 * Gateway API edge with the stack's own Envoy Gateway (the service is part of its configuration), and a Redis to count
 * in. The edge layer configures the service and gives it the password; the cache layer admits it.
 */
export function usesGlobalRateLimit(config: StackConfig): boolean {
    return (
        config.edge.mode === "gateway" &&
        config.addons.envoyGateway &&
        config.edge.rateLimit.perApiKey !== undefined &&
        config.redis !== undefined
    );
}

/**
 * Secret (in the Envoy Gateway namespace, key `password`) the rate limit service reads REDIS_AUTH from. Kubernetes
 * Secrets cannot be referenced across namespaces, so EnvoyGateway creates it with a copy of the stack's Redis password.
 */
export function rateLimitRedisSecretName(config: StackConfig): string {
    return `${config.namespace}-ratelimit-redis`;
}

/**
 * Envoy Gateway's own configuration (`config.envoyGateway`): with per-API-key limits configured, the global rate
 * limit service on the stack's Redis, authenticating with REDIS_AUTH from a Secret, never a value in the values.
 */
export function envoyGatewayConfig(config: StackConfig, redis?: Omit<RateLimitRedis, "password">): Record<string, unknown> | undefined {
    if (!usesGlobalRateLimit(config) || !redis) return undefined;
    return {
        rateLimit: {
            backend: {
                type: "Redis",
                redis: { url: pulumi.interpolate`${redis.host}:${redis.port}`, ...(redis.tls ? { tls: {} } : {}) },
            },
            // The per-IP local limit still holds when the rate limit service is down; per-key counting fails open.
            failClosed: false,
        },
        provider: {
            type: "Kubernetes",
            kubernetes: {
                rateLimitDeployment: {
                    container: {
                        env: [
                            {
                                name: "REDIS_AUTH",
                                valueFrom: { secretKeyRef: { name: rateLimitRedisSecretName(config), key: RATE_LIMIT_REDIS_PASSWORD_KEY } },
                            },
                        ],
                    },
                },
            },
        },
    };
}

export function envoyGatewayValues(config: StackConfig, redis?: Omit<RateLimitRedis, "password">): Record<string, unknown> {
    const egConfig = envoyGatewayConfig(config, redis);
    return {
        deployment: {
            replicas: config.preset.requireHighAvailability ? 2 : 1,
            envoyGateway: { resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } } },
        },
        // The chart merges config.envoyGateway over its defaults (controllerName, provider type, logging).
        ...(egConfig ? { config: { envoyGateway: egConfig } } : {}),
    };
}

export interface EnvoyGatewayArgs {
    config: StackConfig;
    /**
     * The stack's Redis, for the global (per-API-key) rate limit: with `edge.rateLimit.perApiKey` its password is copied
     * into the Secret the rate limit service reads (rateLimitRedisSecretName). Default none.
     */
    rateLimitRedis?: RateLimitRedis;
    commonLabels: Record<string, string>;
    provider: k8s.Provider;
}

/** Envoy Gateway (with the Gateway API CRDs its chart ships) and the GatewayClass the stack's Gateway uses. */
export class EnvoyGateway extends pulumi.ComponentResource {
    public readonly resources: pulumi.Resource[] = [];

    constructor(name: string, args: EnvoyGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:addons:EnvoyGateway", name, {}, opts);
        const { config, provider } = args;
        // The proxies run in this namespace with a security context the controller decides: enforce baseline, warn on restricted.
        const chart = new AddonChart(
            `${name}-release`,
            {
                pin: ADDON_VERSIONS.envoyGateway,
                values: envoyGatewayValues(config, args.rateLimitRedis),
                commonLabels: args.commonLabels,
                provider,
                podSecurity: "baseline",
            },
            { parent: this },
        );
        const gatewayClass = new k8s.apiextensions.CustomResource(
            `${name}-class`,
            {
                apiVersion: "gateway.networking.k8s.io/v1",
                kind: "GatewayClass",
                metadata: { name: config.edge.gatewayClassName, labels: args.commonLabels },
                spec: { controllerName: ENVOY_GATEWAY_CONTROLLER },
            },
            { parent: this, provider, dependsOn: [chart] },
        );
        this.resources.push(chart, gatewayClass);
        const redis = args.rateLimitRedis;
        if (redis && envoyGatewayConfig(config, redis)) {
            // The rate limit Deployment runs in Envoy Gateway's namespace and cannot read the app namespace's Secret.
            const secret = new k8s.core.v1.Secret(
                `${name}-ratelimit-redis`,
                {
                    metadata: {
                        name: rateLimitRedisSecretName(config),
                        namespace: chart.namespace.metadata.name,
                        labels: args.commonLabels,
                    },
                    type: "Opaque",
                    stringData: { [RATE_LIMIT_REDIS_PASSWORD_KEY]: pulumi.secret(redis.password) },
                },
                { parent: this, provider },
            );
            this.resources.push(secret);
        }
        this.registerOutputs({});
    }
}
