/**
 * X-Frame-Options and the CSP `frame-ancestors` directive say the same thing to old and new browsers; a browser that
 * knows CSP ignores X-Frame-Options, so a contradiction silently changes behaviour depending on the client.
 */
export type FrameOptions = "DENY" | "SAMEORIGIN";

/** The frame-ancestors source list equivalent to each X-Frame-Options value. */
export const FRAME_ANCESTORS_OF: Readonly<Record<FrameOptions, string>> = { DENY: "'none'", SAMEORIGIN: "'self'" };

/** The CSP's frame-ancestors sources (normalised), or undefined when the policy has no such directive. */
export function frameAncestors(csp: string): string | undefined {
    const directive = csp
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .find((parts) => parts[0]?.toLowerCase() === "frame-ancestors");
    return directive ? directive.slice(1).join(" ").toLowerCase() : undefined;
}

/**
 * Why the two disagree, or undefined when they agree (or the CSP leaves framing to X-Frame-Options).
 * Stricter-than-equivalent frame-ancestors are a conflict too: the two headers must give one answer.
 */
export function frameOptionsConflict(frameOptions: FrameOptions, csp: string): string | undefined {
    const ancestors = frameAncestors(csp);
    if (ancestors === undefined) return undefined;
    const wanted = FRAME_ANCESTORS_OF[frameOptions];
    return ancestors === wanted ? undefined : `frame-ancestors is ${ancestors || "empty"}, ${frameOptions} means ${wanted}`;
}
