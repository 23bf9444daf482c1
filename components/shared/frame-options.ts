/**
 * X-Frame-Options that agrees with a Content-Security-Policy's frame-ancestors, for every layer that sends both (the
 * Gateway's routes, the CDN): `'self'` alone means SAMEORIGIN (guide 000's header), anything else (`'none'`, other
 * origins, no directive) DENY, the stricter reading. Browsers that know CSP level 2 obey frame-ancestors; the header
 * is for the ones that do not, so the two must never disagree.
 */
export function frameOptionFor(contentSecurityPolicy: string): "DENY" | "SAMEORIGIN" {
    const directive = contentSecurityPolicy
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .find((parts) => parts[0]?.toLowerCase() === "frame-ancestors");
    return directive && directive.length === 2 && directive[1] === "'self'" ? "SAMEORIGIN" : "DENY";
}
