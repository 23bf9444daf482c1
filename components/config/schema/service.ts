import { z } from "zod";
import { EnvironmentPreset } from "../presets";
import { imageRef } from "./image";
import { routeServes } from "../route-paths";
import { byteQuantity, cpuQuantity, dnsLabel, envVarName, hostname, port, SECRET_LOOKING_NAME, urlPath } from "./primitives";

/**
 * An HTTP probe. Liveness defaults to a slower period than readiness: a pod stops receiving traffic well before it is
 * restarted, and identical probes would restart every replica at once when a shared dependency slows down.
 */
function probe(defaultPeriodSeconds: number) {
    return z.strictObject({
        /** HTTP path probed. */
        path: urlPath,
        /** Seconds before the first probe. Default 0 (startup probes cover slow starts). */
        initialDelaySeconds: z.number().int().min(0).max(600).default(0),
        /** Default 20 for liveness, 10 for readiness and startup. */
        periodSeconds: z.number().int().min(1).max(300).default(defaultPeriodSeconds),
        /** Default 5. */
        timeoutSeconds: z.number().int().min(1).max(60).default(5),
        /** Default 3. */
        failureThreshold: z.number().int().min(1).max(60).default(3),
    });
}

const resources = z.strictObject({
    requests: z.strictObject({ cpu: cpuQuantity, memory: byteQuantity }),
    limits: z.strictObject({ cpu: cpuQuantity, memory: byteQuantity }),
});

/** SEI guide: scale up fast, scale down slowly. */
const scalingBehavior = z.strictObject({
    scaleUpStabilizationSeconds: z.number().int().min(0).max(3600).default(0),
    /** Percent of current replicas added per 15 s. Default 100. */
    scaleUpPercent: z.number().int().min(1).max(1000).default(100),
    /** Pods added per 15 s. Default 4. */
    scaleUpPods: z.number().int().min(1).max(100).default(4),
    scaleDownStabilizationSeconds: z.number().int().min(0).max(3600).default(300),
    /** Percent of current replicas removed per 60 s. Default 10. */
    scaleDownPercent: z.number().int().min(1).max(100).default(10),
});

function autoscaling(preset: EnvironmentPreset) {
    return z.strictObject({
        min: z
            .number()
            .int()
            .min(preset.minReplicas, `fix: at least ${preset.minReplicas} replicas are required in this environment`)
            .max(1000),
        max: z.number().int().min(1).max(1000),
        /** Target average CPU utilisation, percent of requests. Default 70. */
        cpuPercent: z.number().int().min(10).max(100).default(70),
        /** Target average memory utilisation, percent of requests. Default 80. */
        memoryPercent: z.number().int().min(10).max(100).default(80),
        /**
         * Optional pods metric target, requests per second per pod: the HPA reads http_requests_per_second, which
         * prometheus-adapter (addons.prometheusAdapter) computes from the service's `metrics.requests` counter.
         */
        requestsPerSecond: z.number().positive().optional(),
        behavior: scalingBehavior.default(scalingBehavior.parse({})),
    });
}

/** Prometheus metric name (the exposition format's grammar). */
const metricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "a Prometheus metric name such as http_requests_total");

/**
 * What the service's Prometheus client exposes. Alerts, dashboards and the requests-per-second autoscaling metric are
 * written against these names; a service exposing other names would get silent alerts, not false ones.
 */
export const appMetricsSchema = z.strictObject({
    /** Counter of HTTP requests, labelled with the status code. Default http_requests_total. */
    requests: metricName.default("http_requests_total"),
    /** Label of `requests` holding the HTTP status code. Default status. */
    statusLabel: z
        .string()
        .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "a Prometheus label name such as status or code")
        .default("status"),
    /** Request-duration histogram, its base name (the `_bucket` series is read). Default http_request_duration_seconds. */
    latencyHistogram: metricName
        .refine(
            (v) => !/_(bucket|count|sum)$/.test(v),
            "the histogram's base name; fix: drop the _bucket/_count/_sum suffix (http_request_duration_seconds)",
        )
        .default("http_request_duration_seconds"),
    /** Unit of the histogram's `le` buckets: thresholds in seconds are converted to it. Default seconds. */
    latencyUnit: z.enum(["seconds", "milliseconds"]).default("seconds"),
});

export type AppMetricsConfig = z.output<typeof appMetricsSchema>;

/** Today's names: the seeds' Prometheus client defaults. */
export const DEFAULT_APP_METRICS: AppMetricsConfig = appMetricsSchema.parse({});

const disruptionBudget = z.union([
    z.strictObject({ minAvailable: z.number().int().min(0) }),
    z.strictObject({ maxUnavailable: z.number().int().min(1) }),
]);

/**
 * Envoy's protection of the service (guide 002: circuit breakers, retry logic), as a BackendTrafficPolicy on the route.
 * Absent: the environment preset decides (on in staging and prod).
 */
export const resilienceSchema = z.strictObject({
    enabled: z.boolean().default(true),
    /** Circuit breaker thresholds per Envoy proxy (Envoy's own default is 1024 each). */
    maxConnections: z.number().int().min(1).max(100000).default(1024),
    /** Default 256: requests queued beyond this fail fast with 503 instead of piling up. */
    maxPendingRequests: z.number().int().min(1).max(100000).default(256),
    maxParallelRequests: z.number().int().min(1).max(100000).default(1024),
    /** Outlier detection (passive health check): eject an endpoint after this many consecutive 5xx. Default 5. */
    consecutive5xxErrors: z.number().int().min(1).max(100).default(5),
    /** Default 30 s. */
    baseEjectionSeconds: z.number().int().min(1).max(3600).default(30),
    /** Never eject more than this share of endpoints. Default 50. */
    maxEjectionPercent: z.number().int().min(1).max(100).default(50),
    /** Retries of requests that failed before reaching the app (connect failure, refused stream, reset, 503). Default 2. */
    numRetries: z.number().int().min(0).max(10).default(2),
    /** Timeout of each attempt; below the route timeout. Default 20 s. */
    perTryTimeoutSeconds: z.number().int().min(1).max(3600).default(20),
    /** Retry budget: retries in flight at most this percent of active requests. Default 20. */
    retryBudgetPercent: z.number().int().min(1).max(100).default(20),
});

const route = z.strictObject({
    hosts: z.array(hostname).min(1),
    /** Path prefixes routed to this service. Default ["/"]. */
    paths: z.array(urlPath).min(1).default(["/"]),
    /** Serves websockets on `websocketPaths`: those paths (only) get `websocketTimeoutSeconds`. */
    websocket: z.boolean().default(false),
    /** Path prefixes of the websocket endpoints. Default ["/ws/"] (Third Eye guide: `location /ws/`). */
    websocketPaths: z.array(urlPath).min(1).default(["/ws/"]),
    /** Default 60 s (nginx proxy_read_timeout in the guides). */
    timeoutSeconds: z.number().int().min(1).max(3600).default(60),
    /** Third Eye guide: 600 s on the websocket path. */
    websocketTimeoutSeconds: z.number().int().min(60).max(86400).default(600),
    resilience: resilienceSchema.optional(),
});

const volume = z.strictObject({
    mountPath: z.string().regex(/^\//, "an absolute path"),
    size: byteQuantity,
    /** ReadWriteOnce (default) volumes attach to one node: only safe per replica (StatefulSet) or with 1 replica. */
    accessMode: z.enum(["ReadWriteOnce", "ReadWriteMany"]).default("ReadWriteOnce"),
    /**
     * `perReplica` (default): a StatefulSet volume claim template, one volume per pod.
     * `shared`: one claim mounted by every replica (requires ReadWriteMany with more than one replica).
     */
    sharing: z.enum(["perReplica", "shared"]).default("perReplica"),
    storageClass: z.string().optional(),
});

const progressive = z.discriminatedUnion("strategy", [
    z.strictObject({
        strategy: z.literal("canary"),
        /** Image of the canary track. */
        image: z.string().min(1),
        /** Percent of traffic sent to the canary (0-100). */
        weight: z.number().int().min(0).max(100),
    }),
    z.strictObject({
        strategy: z.literal("blue-green"),
        /** Images of both tracks. */
        blueImage: z.string(),
        greenImage: z.string(),
        /** Track receiving 100% of the traffic. */
        active: z.enum(["blue", "green"]),
    }),
]);

/** A websocket path outside the route's paths would be published by the websocket rule alone. */
function routeConsistency(r: z.output<typeof route>, ctx: z.RefinementCtx): void {
    if (r.websocket) {
        r.websocketPaths.forEach((w, i) => {
            if (!routeServes(r.paths, w))
                ctx.addIssue({
                    code: "custom",
                    path: ["websocketPaths", i],
                    input: w,
                    message: `a path under one of route.paths (${r.paths.join(", ")}); fix: add it to paths or correct websocketPaths`,
                });
        });
    }
    if (r.resilience?.enabled && r.resilience.numRetries > 0 && r.resilience.perTryTimeoutSeconds >= r.timeoutSeconds)
        ctx.addIssue({
            code: "custom",
            path: ["resilience", "perTryTimeoutSeconds"],
            input: r.resilience.perTryTimeoutSeconds,
            message: `< route.timeoutSeconds (${r.timeoutSeconds}) so a retry fits in the request timeout; fix: lower perTryTimeoutSeconds or raise timeoutSeconds`,
        });
}

export function serviceSchema(preset: EnvironmentPreset) {
    const image = imageRef(preset);
    return z.strictObject({
        name: dnsLabel,
        /** Image reference. Optional only when `build` is given (aws target: built and pushed to ECR). */
        image: image.optional(),
        /** Build the image from source with @pulumi/docker and push it to an ECR repository (aws target). */
        build: z.strictObject({ context: z.string().min(1), dockerfile: z.string().default("Dockerfile") }).optional(),
        /** Container port serving HTTP. */
        port,
        /** Port exposing Prometheus metrics. Default: the HTTP port. */
        metricsPort: port.optional(),
        /** Default /metrics. */
        metricsPath: urlPath.default("/metrics"),
        /** Names and unit of the request metrics the service exposes. Default: DEFAULT_APP_METRICS (http_requests_total, seconds). */
        metrics: appMetricsSchema.default(DEFAULT_APP_METRICS),
        command: z.array(z.string()).optional(),
        args: z.array(z.string()).optional(),
        probes: z.strictObject({
            liveness: probe(20),
            readiness: probe(10),
            /** Default: none. Give one for slow starters so liveness does not kill them. */
            startup: probe(10).optional(),
        }),
        /** Plain, non-secret environment (rendered into a ConfigMap). */
        env: z
            .record(envVarName, z.string())
            .default({})
            .superRefine((env, ctx) => {
                for (const key of Object.keys(env)) {
                    if (SECRET_LOOKING_NAME.test(key)) {
                        ctx.addIssue({
                            code: "custom",
                            path: [key],
                            input: "(value hidden)",
                            message:
                                "no secret-looking name in plain env; fix: move it to secretEnv and store the value in the secrets backend",
                        });
                    }
                }
            }),
        /** Env var name -> name of an external secret in the secrets backend (values never live in the stack). */
        secretEnv: z.record(envVarName, dnsLabel).default({}),
        /**
         * Env var -> length of a value generated with @pulumi/random and kept in the secrets backend
         * (SECRET_KEY, CSRF_SECRET: at least 32 characters).
         */
        generatedSecrets: z
            .record(envVarName, z.number().int().min(32, "fix: generated secrets are at least 32 characters").max(256))
            .default({}),
        resources,
        /** Fixed replica count when `autoscaling` is absent. Default: the environment's minimum. */
        replicas: z
            .number()
            .int()
            .min(preset.minReplicas, `fix: at least ${preset.minReplicas} replicas are required in this environment`)
            .max(1000)
            .default(preset.minReplicas),
        autoscaling: autoscaling(preset).optional(),
        /** Default: maxUnavailable 1. */
        disruptionBudget: disruptionBudget.default({ maxUnavailable: 1 }),
        /** Public route through the edge. Absent: cluster-internal only. */
        route: route.superRefine(routeConsistency).optional(),
        /** What the service talks to; drives NetworkPolicies and injected connection settings. */
        uses: z
            .strictObject({
                database: z.boolean().default(false),
                redis: z.boolean().default(false),
                /** Egress to external HTTPS (LLM providers, Sentry). */
                externalHttps: z.boolean().default(false),
                /** Other app services this one calls. */
                services: z.array(dnsLabel).default([]),
            })
            .default({ database: false, redis: false, externalHttps: false, services: [] }),
        /**
         * How the Redis connection reaches the app. `url` (default): REDIS_URL from the secrets backend. `parts`:
         * REDIS_HOST, REDIS_PORT, REDIS_DB and REDIS_SSL as plain env and REDIS_PASSWORD from the backend, for apps that
         * read them separately (the Tria guide, whose missing REDIS_HOST made the app fall back to localhost).
         */
        redisEnv: z.enum(["url", "parts"]).default("url"),
        /** SQLAlchemy-style pool per replica: counted in the connection budget. */
        databasePool: z
            .strictObject({ size: z.number().int().min(1).max(500).default(10), maxOverflow: z.number().int().min(0).max(500).default(5) })
            .default({ size: 10, maxOverflow: 5 }),
        /** Command run as a Job that must succeed before the rollout (e.g. ["alembic", "upgrade", "head"]). */
        migrations: z
            .strictObject({ command: z.array(z.string()).min(1), backoffLimit: z.number().int().min(0).max(10).default(2) })
            .optional(),
        volume: volume.optional(),
        /** Writable scratch directories on the read-only root filesystem. Default ["/tmp"]. */
        writablePaths: z.array(z.string().regex(/^\//, "an absolute path")).default(["/tmp"]),
        /** Seconds between SIGTERM and SIGKILL. Default 30. */
        terminationGracePeriodSeconds: z.number().int().min(5).max(600).default(30),
        /** Seconds the preStop hook sleeps so endpoints drain before shutdown. Default 5. */
        preStopSleepSeconds: z.number().int().min(0).max(120).default(5),
        /** Mount a Kubernetes API token (off by default). */
        automountServiceAccountToken: z.boolean().default(false),
        progressive: progressive.optional(),
    });
}

export type ServiceConfig = z.output<ReturnType<typeof serviceSchema>>;
