import * as assert from "assert";
import { ConfigError, parseStackConfig, renderIssue } from "../../../components/config";
import { rawConfigFor, runProgramFull } from "../../../tools/mock-runner/harness";
import { BAD_CONFIGS } from "./bad-configs";

describe("config validation: each bad config is rejected naming its key", () => {
    it(`covers at least 40 distinct mistakes`, () => {
        assert.ok(BAD_CONFIGS.length >= 40, `only ${BAD_CONFIGS.length}`);
        assert.strictEqual(new Set(BAD_CONFIGS.map((c) => c.title)).size, BAD_CONFIGS.length);
    });

    for (const bad of BAD_CONFIGS) {
        it(`${bad.base}: ${bad.title} -> ${bad.path}`, () => {
            const valid = parseStackConfig(rawConfigFor({ stack: bad.base }));
            assert.ok(valid.ok, "the base stack file must be valid for the case to mean anything");
            const result = parseStackConfig(rawConfigFor({ stack: bad.base, edit: bad.edit }));
            assert.ok(!result.ok, "config was accepted");
            const messages = result.issues.map((i) => renderIssue(i, ""));
            const hit = messages.find((m) => m.startsWith(`${bad.path}: `));
            assert.ok(hit, `no issue names ${bad.path}; got:\n${messages.join("\n")}`);
            const noFix = result.issues.filter((i) => !i.fix || i.fix.trim().length < 8);
            assert.deepStrictEqual(noFix, [], "every issue says how to fix it");
            if (bad.mentions) assert.match(hit!, bad.mentions);
        });
    }
});

describe("config validation: reporting", () => {
    it("reports every problem at once, each with expected and found", () => {
        const result = parseStackConfig(
            rawConfigFor({
                stack: "dev",
                edit: (r) => {
                    r.services[0].port = 0;
                    r.services[0].autoscaling = { min: 4, max: 2 };
                    r.services[1].image = "ghcr.io/example/portal";
                    r.edge.tls.acmeEmail = "not-an-email";
                    r.typo = true;
                },
            }),
        );
        assert.ok(!result.ok);
        const paths = result.issues.map((i) => i.path).sort();
        assert.deepStrictEqual(paths, ["edge.tls.acmeEmail", "services[api].port", "services[portal].image", "typo"].sort());
        // The HPA bounds are in a service that failed to parse (port), so its cross-check waits for the next run.
        for (const issue of result.issues) {
            assert.ok(issue.expected.length > 0 && issue.found.length > 0, JSON.stringify(issue));
        }
    });

    it("cross-field checks still run when another section is broken", () => {
        const result = parseStackConfig(
            rawConfigFor({
                stack: "dev",
                edit: (r) => {
                    r.monitoring = { retention: "forever" };
                    r.services[0].autoscaling = { min: 4, max: 2 };
                },
            }),
        );
        assert.ok(!result.ok);
        assert.deepStrictEqual(result.issues.map((i) => i.path).sort(), ["monitoring.retention", "services[api].autoscaling.min"]);
    });

    it("an invalid section is not also reported as missing", () => {
        const result = parseStackConfig(
            rawConfigFor({
                stack: "prod",
                edit: (r) => {
                    r.database.backupRetentionDays = 7;
                },
            }),
        );
        assert.ok(!result.ok);
        assert.deepStrictEqual(
            result.issues.map((i) => i.path),
            ["database.backupRetentionDays"],
        );
    });

    it("never echoes a secret-looking env value", () => {
        const result = parseStackConfig(
            rawConfigFor({
                stack: "dev",
                edit: (r) => {
                    r.services[0].env.API_TOKEN = "tok_live_abcdef123456";
                },
            }),
        );
        assert.ok(!result.ok);
        assert.ok(!JSON.stringify(result.issues).includes("tok_live_abcdef123456"));
    });

    it("fails the program before any resource is registered, without a stack trace", async () => {
        const run = await runProgramFull({
            stack: "prod",
            edit: (r) => {
                r.services[0].autoscaling.min = 1;
                r.database.multiAz = false;
            },
        });
        assert.ok(run.error, "program accepted a bad config");
        assert.deepStrictEqual(
            run.resources.map((r) => r.type),
            [],
        );
        assert.match(run.error!.message, /prod-stack:services\[api\]\.autoscaling\.min: expected >= 3/);
        assert.match(run.error!.message, /prod-stack:database\.multiAz: expected true in prod, found false/);
        assert.match(run.error!.message, /2 problems/);
        assert.strictEqual(run.error!.constructor.name, "RunError");
    });

    it("ConfigError lists each issue on its own line with the namespace prefix", () => {
        const err = new ConfigError([{ path: "services[portal].autoscaling.min", expected: "<= 3", found: "5" }], "prod-stack:");
        assert.strictEqual(
            err.message,
            "stack configuration is invalid (1 problem):\n  - prod-stack:services[portal].autoscaling.min: expected <= 3, found 5; fix: change the value to <= 3",
        );
    });
});

describe("config validation: messages a user can act on", () => {
    const issuesOf = (stack: "dev" | "prod", edit: (r: Record<string, any>) => void) => {
        const result = parseStackConfig(rawConfigFor({ stack, edit }));
        assert.ok(!result.ok, "config was accepted");
        return result.issues;
    };
    const fixAt = (issues: { path: string; fix?: string }[], path: string) => {
        const issue = issues.find((i) => i.path === path);
        assert.ok(issue, `no issue at ${path}: ${issues.map((i) => i.path).join(", ")}`);
        return issue!.fix ?? "";
    };

    it("suggests the nearest key for a misspelt key, at every level", () => {
        const issues = issuesOf("prod", (r) => {
            r.databse = r.database;
            r.services[0].autoscalng = { min: 3, max: 6 };
            r.edge.tls.acmeEmial = "ops@example.com";
            r.database.multiAZ = true;
        });
        assert.match(fixAt(issues, "databse"), /did you mean `database`/);
        assert.match(fixAt(issues, "services[api].autoscalng"), /did you mean `autoscaling`/);
        assert.match(fixAt(issues, "edge.tls.acmeEmial"), /did you mean `acmeEmail`/);
        // database is a union by kind: the suggestion comes from the rds branch's keys.
        assert.match(fixAt(issues, "database.multiAZ"), /did you mean `multiAz`/);
    });

    it("does not guess when no key is close, and lists the keys accepted there instead", () => {
        const fix = fixAt(
            issuesOf("dev", (r) => {
                r.edge.tls.qqqqqqqqqq = 1;
            }),
            "edge.tls.qqqqqqqqqq",
        );
        assert.doesNotMatch(fix, /did you mean/);
        assert.match(fix, /keys accepted here: .*acmeEmail/);
    });

    it("names services by name, and by index where the name cannot tell them apart", () => {
        assert.ok(
            issuesOf("dev", (r) => {
                r.services[1].port = "x";
            }).some((i) => i.path === "services[portal].port"),
        );
        const unnamed = issuesOf("dev", (r) => {
            delete r.services[1].name;
            r.services[1].port = "x";
        }).map((i) => i.path);
        assert.ok(unnamed.includes("services[1].port") && unnamed.includes("services[1].name"), unnamed.join(", "));
    });
});
