/**
 * Security response headers of every public route (the guides' nginx `add_header` lines), from the edge config.
 * X-XSS-Protection from the guides is not sent: browsers removed the XSS auditor and the header can introduce leaks;
 * Content-Security-Policy covers it.
 */
import { EdgeConfig } from "../config";
import { frameOptionsOf } from "../shared/frame-options";
import { toBytes } from "../shared/quantities";

export function securityHeaders(edge: EdgeConfig): Record<string, string> {
    const headers: Record<string, string> = {
        "X-Frame-Options": frameOptionsOf(edge),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Content-Security-Policy": edge.contentSecurityPolicy,
    };
    // HSTS only makes sense (and is only honoured) over HTTPS.
    if (edge.tls.enabled && edge.hstsMaxAgeSeconds > 0) headers["Strict-Transport-Security"] = hstsValue(edge);
    return headers;
}

/** Strict-Transport-Security; `preload` only where configured (schema: one year or more). */
export function hstsValue(edge: EdgeConfig): string {
    return `max-age=${edge.hstsMaxAgeSeconds}; includeSubDomains${edge.hstsPreload ? "; preload" : ""}`;
}

/** Headers removed from responses (they advertise the stack). */
export const REMOVED_RESPONSE_HEADERS = ["Server", "X-Powered-By"];

/** TLS 1.2 cipher suites: ECDHE key exchange with AEAD ciphers only (TLS 1.3 suites are not configurable and all strong). */
export const TLS12_CIPHERS = [
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-CHACHA20-POLY1305",
];

/** Converts a Kubernetes byte quantity (10Mi) to bytes. */
export const quantityBytes = toBytes;
