import * as assert from "assert";
import { parseStackConfig, renderIssue } from "../../../components/config";
import { gatewayPrefixOf } from "../../../components/config/schema/cdn";
import { frameOptionFor } from "../../../components/shared/frame-options";
import { rawConfigFor } from "../../../tools/mock-runner/harness";

/** The issues a stack file gets after `edit`, rendered as the user sees them (`path: expected ..., found ...`). */
function issuesAfter(stack: "dev" | "staging" | "prod", edit: (raw: Record<string, any>) => void): string[] {
    const result = parseStackConfig(rawConfigFor({ stack, edit }));
    return result.ok ? [] : result.issues.map((i) => renderIssue(i, ""));
}

const CDN = { enabled: true, aliases: ["cdn.webapp.example.com"], staticPaths: ["/static/*"] };

describe("cdn config: presets and errors naming the key", () => {
    it("off by default everywhere; logging defaults on in staging and prod, off in dev", () => {
        for (const [stack, logging] of [
            ["dev", false],
            ["staging", true],
            ["prod", true],
        ] as const) {
            const result = parseStackConfig(rawConfigFor({ stack }));
            assert.ok(result.ok, stack);
            assert.strictEqual(result.config.cdn.enabled, false, stack);
            assert.deepStrictEqual(result.config.cdn.staticPaths, [], stack);
            assert.strictEqual(result.config.cdn.logging.enabled, logging, stack);
        }
    });

    it("a complete cdn section is accepted on the aws target, with the guides' Cache-Control", () => {
        const result = parseStackConfig(rawConfigFor({ stack: "prod", edit: (r) => (r.cdn = CDN) }));
        assert.ok(result.ok, result.ok ? "" : result.issues.map((i) => renderIssue(i, "")).join("\n"));
        assert.strictEqual(result.config.cdn.cacheControl, "public, max-age=31536000, immutable");
        assert.strictEqual(result.config.cdn.priceClass, "PriceClass_100");
    });

    it("cdn.enabled on the cluster target names the key and the way out", () => {
        const issues = issuesAfter("dev", (r) => (r.cdn = CDN));
        const hit = issues.find((m) => m.startsWith("cdn.enabled: "));
        assert.ok(hit, issues.join("\n"));
        assert.match(hit!, /aws target/);
        assert.match(hit!, /cdn\.staticPaths/);
    });

    it("aliases missing", () => {
        const issues = issuesAfter("prod", (r) => (r.cdn = { ...CDN, aliases: [] }));
        assert.ok(
            issues.some((m) => m.startsWith("cdn.aliases: ")),
            issues.join("\n"),
        );
    });

    it("no static paths to serve", () => {
        const issues = issuesAfter("prod", (r) => (r.cdn = { enabled: true, aliases: ["cdn.webapp.example.com"] }));
        assert.ok(
            issues.some((m) => m.startsWith("cdn.staticPaths: ")),
            issues.join("\n"),
        );
    });

    it("logging off in prod", () => {
        const issues = issuesAfter("prod", (r) => (r.cdn = { ...CDN, logging: { enabled: false } }));
        assert.ok(
            issues.some((m) => m.startsWith("cdn.logging.enabled: ")),
            issues.join("\n"),
        );
        assert.deepStrictEqual(
            issuesAfter("staging", (r) => (r.cdn = { ...CDN, logging: { enabled: true } })),
            [],
        );
    });

    it("cdn.servedBy naming no configured service (any target, CDN on or off)", () => {
        const issues = issuesAfter("dev", (r) => (r.cdn = { staticPaths: ["/static/*"], servedBy: ["frontend"] }));
        const hit = issues.find((m) => m.startsWith("cdn.servedBy[0]: "));
        assert.ok(hit, issues.join("\n"));
        assert.match(hit!, /"frontend"/);
    });

    it("a static path that is not a prefix pattern, and a web ACL that is not CloudFront-scoped", () => {
        const issues = issuesAfter(
            "prod",
            (r) =>
                (r.cdn = {
                    ...CDN,
                    staticPaths: ["/static"],
                    webAclId: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/1",
                }),
        );
        assert.ok(
            issues.some((m) => m.startsWith("cdn.staticPaths[0]: ")),
            issues.join("\n"),
        );
        assert.ok(
            issues.some((m) => m.startsWith("cdn.webAclId: ")),
            issues.join("\n"),
        );
    });
});

describe("cdn helpers", () => {
    it("a static path pattern is the Gateway's PathPrefix without the *", () => {
        assert.strictEqual(gatewayPrefixOf("/static/*"), "/static");
        assert.strictEqual(gatewayPrefixOf("/_next/static/*"), "/_next/static");
    });
    it("X-Frame-Options follows frame-ancestors: 'self' -> SAMEORIGIN, 'none' or other origins -> DENY", () => {
        assert.strictEqual(frameOptionFor("default-src 'self'; frame-ancestors 'self'"), "SAMEORIGIN");
        assert.strictEqual(frameOptionFor("default-src 'self'; frame-ancestors 'none'"), "DENY");
        assert.strictEqual(frameOptionFor("frame-ancestors 'self' https://partner.example.com"), "DENY");
        assert.strictEqual(frameOptionFor("default-src 'self'"), "DENY");
    });
});
