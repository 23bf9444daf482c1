/**
 * Circuit breaking, outlier detection and retries of a public route (guide 002: "Circuit breakers implemented, Retry
 * logic configured"), as BackendTrafficPolicy fields (Envoy Gateway v1alpha1 ClusterSettings).
 */
import { resilienceSchema, ServiceConfig, StackConfig } from "../config";

type Route = NonNullable<ServiceConfig["route"]>;
export type Resilience = NonNullable<Route["resilience"]>;

/** The schema's defaults (one definition): what a service that says nothing gets. */
const DEFAULTS: Resilience = resilienceSchema.parse({});

/** The route's settings, or the preset's (on in staging and prod) when the service says nothing. */
export function resilienceOf(config: StackConfig, route: Route): Resilience {
    return route.resilience ?? { ...DEFAULTS, enabled: config.preset.edgeResilience };
}

/**
 * Retries only what never reached the app (connect failure, refused stream, reset before the request, 503 from an
 * overloaded or draining pod): a POST that the app started processing is never replayed.
 */
export const RETRY_TRIGGERS = ["connect-failure", "refused-stream", "reset-before-request", "retriable-status-codes"];

export function resilienceSpec(r: Resilience, routeTimeoutSeconds: number): Record<string, unknown> {
    if (!r.enabled) return {};
    return {
        circuitBreaker: {
            maxConnections: r.maxConnections,
            maxPendingRequests: r.maxPendingRequests,
            maxParallelRequests: r.maxParallelRequests,
            // The budget bounds retries to a share of the active requests, so retries cannot amplify an outage.
            retryBudget: { percent: { numerator: r.retryBudgetPercent, denominator: 100 }, minRetryConcurrency: 3 },
        },
        healthCheck: {
            passive: {
                consecutive5XxErrors: r.consecutive5xxErrors,
                consecutiveGatewayErrors: r.consecutive5xxErrors,
                interval: "10s",
                baseEjectionTime: `${r.baseEjectionSeconds}s`,
                maxEjectionPercent: r.maxEjectionPercent,
            },
        },
        ...(r.numRetries > 0
            ? {
                  retry: {
                      numRetries: r.numRetries,
                      retryOn: { triggers: RETRY_TRIGGERS, httpStatusCodes: [503] },
                      perRetry: {
                          timeout: `${Math.min(r.perTryTimeoutSeconds, routeTimeoutSeconds)}s`,
                          backOff: { baseInterval: "100ms", maxInterval: "1s" },
                      },
                  },
              }
            : {}),
    };
}
