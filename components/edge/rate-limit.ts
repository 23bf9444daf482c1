/**
 * Rate limits of a public route: per client IP on each proxy (Local, from the environment preset), and per API key
 * across all proxies (Global, Envoy Gateway's rate limit service on the stack's Redis) where configured (metrics
 * guide: 100 requests per minute per key).
 */
import { StackConfig } from "../config";

export function rateLimitSpec(config: StackConfig): Record<string, unknown> {
    const perKey = config.edge.rateLimit.perApiKey;
    return {
        local: {
            rules: [
                {
                    clientSelectors: [{ sourceCIDR: { type: "Distinct", value: "0.0.0.0/0" } }],
                    limit: { requests: config.edge.rateLimit.requestsPerSecond, unit: "Second" },
                },
            ],
        },
        ...(perKey
            ? {
                  global: {
                      rules: [
                          {
                              // One bucket per distinct key value; requests without the header are left to the app's auth.
                              clientSelectors: [{ headers: [{ name: perKey.header, type: "Distinct" }] }],
                              limit: { requests: perKey.requestsPerMinute, unit: "Minute" },
                          },
                      ],
                  },
              }
            : {}),
    };
}
