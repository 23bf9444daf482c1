/**
 * X-Frame-Options and the CSP `frame-ancestors` directive say the same thing to old and new browsers; a browser that
 * knows CSP level 2 obeys frame-ancestors and ignores X-Frame-Options, so the two must never disagree (for every layer
 * that sends both: the Gateway's routes, the CDN).
 */
export type FrameOptions = "DENY" | "SAMEORIGIN";

/** The CSP's frame-ancestors sources (normalised, space-separated), or undefined when the policy has no such directive. */
export function frameAncestors(csp: string): string | undefined {
    const directive = csp
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .find((parts) => parts[0]?.toLowerCase() === "frame-ancestors");
    return directive ? directive.slice(1).join(" ") : undefined;
}

/**
 * X-Frame-Options that agrees with a Content-Security-Policy: `'self'` alone means SAMEORIGIN (guide 000's header),
 * anything else (`'none'`, other origins, no directive) DENY, the stricter reading.
 */
export function frameOptionFor(contentSecurityPolicy: string): FrameOptions {
    return frameAncestors(contentSecurityPolicy) === "'self'" ? "SAMEORIGIN" : "DENY";
}

/** Why a configured X-Frame-Options disagrees with the CSP, or undefined (the CSP without frame-ancestors leaves it free). */
export function frameOptionsConflict(frameOptions: FrameOptions, csp: string): string | undefined {
    const ancestors = frameAncestors(csp);
    if (ancestors === undefined) return undefined;
    const agreeing = frameOptionFor(csp);
    return agreeing === frameOptions ? undefined : `frame-ancestors ${ancestors || "(empty)"} means ${agreeing}`;
}

/** The X-Frame-Options a stack sends (Gateway and CDN alike): the configured one, else the CSP's. */
export function frameOptionsOf(edge: { frameOptions?: FrameOptions; contentSecurityPolicy: string }): FrameOptions {
    return edge.frameOptions ?? frameOptionFor(edge.contentSecurityPolicy);
}
