/**
 * The health endpoint a routed service answers from the outside (uptime Probes, the `healthUrls` output the deploy
 * workflow smoke-tests): a probe path the route really reaches. Readiness first (it says the pod serves traffic, and
 * the guides check it from outside: `curl https://api.yourdomain.com/health/ready`), then liveness and startup (the
 * guides' plain `/health`). A route that reaches none of them is a config error: the check would probe a 404.
 */
import { ConfigIssue } from "./issues";
import { routeServes } from "./route-paths";
import { ServiceConfig } from "./schema/service";

const PROBE_ORDER = ["readiness", "liveness", "startup"] as const;

type Probed = Pick<ServiceConfig, "probes" | "route">;

function probePaths(svc: Probed): { probe: (typeof PROBE_ORDER)[number]; path: string }[] {
    return PROBE_ORDER.flatMap((probe) => {
        const p = svc.probes[probe];
        return p ? [{ probe, path: p.path }] : [];
    });
}

/** The routed probe path of a service with a route; undefined without a route or when none is routed. */
export function publicHealthPath(svc: Probed): string | undefined {
    const route = svc.route;
    if (!route) return undefined;
    return probePaths(svc).find(({ path }) => routeServes(route.paths, path))?.path;
}

/** A routed service must publish one of its probe paths. */
export function healthPathIssues(services: { index: number; svc: ServiceConfig }[]): ConfigIssue[] {
    return services.flatMap(({ index, svc }): ConfigIssue[] => {
        if (!svc.route || publicHealthPath(svc) !== undefined) return [];
        const probes = probePaths(svc);
        const listed = probes.map(({ probe, path }) => `probes.${probe}.path ${path}`).join(", ");
        return [
            {
                path: `services[${index}].route.paths`,
                expected: `a path prefix reaching one of the service's probe paths (${listed}): the uptime probes and the deploy smoke test call it through the edge`,
                found: `[${svc.route.paths.join(", ")}]`,
                fix: `add ${probes[0].path} (probes.${probes[0].probe}.path) to route.paths, or point a probe at a path under ${svc.route.paths.join(" or ")}`,
            },
        ];
    });
}
