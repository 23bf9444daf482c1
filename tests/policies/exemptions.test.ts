import * as assert from "assert";
import { isExpired, parseExemption } from "../../policies/lib/exemptions";
import { K } from "../../policies/lib/kubernetes/types";
import { A } from "../../policies/lib/aws/types";
import { check, exempt, goodStack, violationsOf } from "./support/check";
import { byName } from "./support/recorded";

describe("exemption format", () => {
    it("parses expires, approver and a free-text reason that may contain spaces and =", () => {
        const p = parseExemption("rds-not-public", "expires=2026-09-30 approver=dba@example.com reason=vendor migration, see OPS-7 a=b");
        assert.deepStrictEqual(p, {
            ok: true,
            exemption: {
                rule: "rds-not-public",
                expires: "2026-09-30",
                approver: "dba@example.com",
                reason: "vendor migration, see OPS-7 a=b",
            },
        });
    });
    for (const [value, problem] of [
        ["approver=a@example.com reason=x", /expires/],
        ["expires=2026-02-30 approver=a@example.com reason=x", /expires/],
        ["expires=2026-09-30 approver=nobody reason=x", /approver/],
        ["expires=2026-09-30 approver=a@example.com", /reason/],
        ["expires=2026-09-30 approver=a@example.com reason=   ", /reason/],
        ["expires=2026-09-30;approver=a@example.com reason=x", /expires|unparseable/],
        ["expires=2026-09-30 approver=a@example.com ticket=OPS-1 reason=x", /unexpected/],
    ] as const) {
        it(`rejects "${value}"`, () => {
            const p = parseExemption("r", value);
            assert.strictEqual(p.ok, false);
            assert.match((p as { problem: string }).problem, problem);
        });
    }
    it("is valid through its expiry day and expired the day after", () => {
        const e = { rule: "r", expires: "2026-06-15", approver: "a@example.com", reason: "x" };
        assert.strictEqual(isExpired(e, "2026-06-15"), false);
        assert.strictEqual(isExpired(e, "2026-06-16"), true);
    });
});

describe("policy-exemption-valid", () => {
    it("reports an expired exemption and does not let it suppress the rule", async () => {
        const all = goodStack();
        const rds = byName(all, "orders", A.RdsInstance);
        rds.inputs.publiclyAccessible = true;
        exempt(rds, "rds-not-public", "expires=2026-06-14 approver=dba@example.com reason=migration");
        const result = await check(all);
        assert.strictEqual(violationsOf(result, "rds-not-public").length, 1);
        const [v] = violationsOf(result, "policy-exemption-valid");
        assert.strictEqual(v.urn, rds.urn);
        assert.match(v.message, /expired on 2026-06-14/);
    });

    it("reports an unparseable Kubernetes exemption and keeps the violation", async () => {
        const all = goodStack();
        const d = byName(all, "api", K.Deployment);
        d.inputs.spec.template.spec.hostNetwork = true;
        exempt(d, "k8s-pod-no-host-namespaces", "until next week");
        const result = await check(all);
        assert.strictEqual(violationsOf(result, "k8s-pod-no-host-namespaces").length, 1);
        assert.match(violationsOf(result, "policy-exemption-valid")[0].message, /invalid: missing reason/);
    });

    it("reports an exemption naming a rule the pack does not have", async () => {
        const all = goodStack();
        exempt(byName(all, "api", K.Service), "k8s-no-externl-service");
        assert.match(violationsOf(await check(all), "policy-exemption-valid")[0].message, /unknown rule k8s-no-externl-service/);
    });

    it("cannot exempt itself", async () => {
        const all = goodStack();
        const svc = byName(all, "api", K.Service);
        exempt(svc, "k8s-no-external-service", "expires=2020-01-01 approver=a@example.com reason=old");
        exempt(svc, "policy-exemption-valid");
        const messages = violationsOf(await check(all), "policy-exemption-valid")
            .map((v) => v.message)
            .sort();
        assert.strictEqual(messages.length, 2);
        assert.match(messages[0], /k8s-no-external-service expired/);
        assert.match(messages[1], /cannot be exempted/);
    });
});
