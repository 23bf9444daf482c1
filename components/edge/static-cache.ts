/**
 * Cache-Control on the static paths (cdn.staticPaths) a route serves: guide 002's `add_header Cache-Control "public,
 * max-age=31536000, immutable"` on /static. Each path becomes its own rule with the route's backends and filters plus
 * the header; the Gateway API picks the longest matching prefix, so these win over the route's `/`.
 */
import { gatewayPrefixOf, servesStaticPaths, StackConfig } from "../config";

interface Filter {
    type: string;
    responseHeaderModifier?: { set?: { name: string; value: string }[]; remove?: string[] };
    [key: string]: unknown;
}
type Rule = Record<string, unknown> & { filters: Filter[] };

/** True when one of the route's path prefixes covers `prefix`. */
function covers(routePaths: string[], prefix: string): boolean {
    return routePaths.some((p) => p === "/" || prefix === p.replace(/\/$/, "") || prefix.startsWith(p.endsWith("/") ? p : `${p}/`));
}

/** Rules for the service's static paths, derived from its main rule (`routeRule`); none when it serves none. */
export function staticAssetRules(config: StackConfig, service: string, routePaths: string[], routeRule: Rule): Rule[] {
    if (!servesStaticPaths(config.cdn, service)) return [];
    const prefixes = config.cdn.staticPaths.map(gatewayPrefixOf).filter((p) => covers(routePaths, p));
    if (prefixes.length === 0) return [];
    const filters = routeRule.filters.map((f) =>
        f.type === "ResponseHeaderModifier" && f.responseHeaderModifier
            ? {
                  ...f,
                  responseHeaderModifier: {
                      ...f.responseHeaderModifier,
                      set: [...(f.responseHeaderModifier.set ?? []), { name: "Cache-Control", value: config.cdn.cacheControl }],
                  },
              }
            : f,
    );
    return [{ ...routeRule, matches: prefixes.map((value) => ({ path: { type: "PathPrefix", value } })), filters }];
}
