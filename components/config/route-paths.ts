/**
 * Which request paths a route's `paths` reach: each is a Gateway API PathPrefix, matched element by element ("/api"
 * serves /api and /api/v1, not /apiv1; a trailing slash is ignored, "/" serves everything).
 */
export function routeServes(routePaths: readonly string[], path: string): boolean {
    return routePaths.some((prefix) => {
        const p = prefix.replace(/\/+$/, "");
        return p === "" || path === p || path.startsWith(`${p}/`);
    });
}
