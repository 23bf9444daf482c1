/**
 * The security headers CloudFront adds to every response, from the same edge config the Gateway's routes use, so a
 * page served from the CDN host is framed, sniffed and pinned to HTTPS exactly like one served by the cluster.
 */
import { EdgeConfig } from "../config";
import { frameOptionsOf } from "../shared/frame-options";

/** securityHeadersConfig of an aws.cloudfront.ResponseHeadersPolicy; override: the origin cannot weaken them. */
export function securityHeadersConfig(edge: EdgeConfig): Record<string, unknown> {
    return {
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: frameOptionsOf(edge), override: true },
        referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
        contentSecurityPolicy: { contentSecurityPolicy: edge.contentSecurityPolicy, override: true },
        // CloudFront only answers over HTTPS (redirect-to-https), so HSTS always applies; 0 turns it off as on the edge.
        ...(edge.hstsMaxAgeSeconds > 0
            ? {
                  strictTransportSecurity: {
                      accessControlMaxAgeSec: edge.hstsMaxAgeSeconds,
                      includeSubdomains: true,
                      preload: edge.hstsPreload,
                      override: true,
                  },
              }
            : {}),
    };
}

/** Headers that advertise the origin (S3 sends `Server: AmazonS3`), removed like the Gateway removes Server. */
export const REMOVED_ORIGIN_HEADERS = ["Server", "x-amz-server-side-encryption", "x-amz-version-id"];
