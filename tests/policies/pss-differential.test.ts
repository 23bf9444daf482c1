/**
 * The pack's Pod Security Standards against the official evaluator (k8s.io/pod-security-admission, the code Pod
 * Security admission runs, wrapped by tools/toolchain/pod-security): the same verdict and the same broken controls for
 * every generated pod variant at baseline and restricted, and the same verdicts through the stack rule, where each
 * pod's namespace label decides the level.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { evaluatePss } from "../../policies/lib/kubernetes/pss";
import { PssLevel } from "../../policies/lib/kubernetes/pss-values";
import { podSecurityStandard } from "../../policies/rules/kubernetes/pod-security-standard";
import { runPolicies } from "../../tools/policy-check/runner";
import { REPO_ROOT } from "../../tools/mock-runner/harness";
import type { RecordedResource } from "../../tools/mock-runner/recorded-resource";
import { podVariants, PodVariant } from "./support/pss-variants";
import { recorded } from "./support/recorded";

const TOOL = path.join(REPO_ROOT, ".tools/bin/pod-security");
const LEVELS: PssLevel[] = ["baseline", "restricted"];

interface Verdict {
    id: string;
    allowed: boolean;
    reasons: string[];
}

/** The official verdicts, one per (variant, level), keyed `${level} :: ${id}`. */
function officialVerdicts(variants: PodVariant[], levels: PssLevel[]): Map<string, Verdict> {
    assert.ok(
        fs.existsSync(TOOL),
        `${TOOL} is missing: run 'bash scripts/install-go-tools.sh pod-security' (scripts/test.sh policies does)`,
    );
    const input = levels.flatMap((level) =>
        variants.map((v) => ({ id: `${level} :: ${v.id}`, level, version: "latest", pod: { metadata: v.metadata, spec: v.spec } })),
    );
    const r = spawnSync(TOOL, [], { input: JSON.stringify(input), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    assert.strictEqual(r.status, 0, `pod-security failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as Verdict[];
    assert.strictEqual(out.length, input.length);
    return new Map(out.map((v) => [v.id, v]));
}

/** "forbidden AppArmor profiles (…)" → "forbidden AppArmor profile": the short reason, singular. */
const reasonOf = (s: string): string => s.split(" (")[0].replace(/^forbidden AppArmor profiles$/, "forbidden AppArmor profile");

describe("Pod Security Standards: the pack agrees with k8s.io/pod-security-admission", function () {
    this.timeout(120000);
    const variants = podVariants();
    let official = new Map<string, Verdict>();
    before(() => {
        official = officialVerdicts(variants, LEVELS);
    });

    it("generates variants that cover every control, allowed and forbidden, at both levels", () => {
        assert.ok(variants.length >= 200, `only ${variants.length} variants`);
        assert.strictEqual(new Set(variants.map((v) => v.id)).size, variants.length, "variant ids must be unique");
        for (const level of LEVELS) {
            const verdicts = variants.map((v) => official.get(`${level} :: ${v.id}`)!);
            assert.ok(verdicts.some((v) => v.allowed) && verdicts.some((v) => !v.allowed), `${level}: needs both verdicts`);
        }
        const reasons = new Set([...official.values()].flatMap((v) => v.reasons.map(reasonOf)));
        for (const r of [
            "hostProcess",
            "host namespaces",
            "privileged",
            "non-default capabilities",
            "hostPath volumes",
            "hostPort",
            "forbidden AppArmor profile",
            "seLinuxOptions",
            "procMount",
            "seccompProfile",
            "forbidden sysctls",
            "probe or lifecycle host",
            "restricted volume types",
            "allowPrivilegeEscalation != false",
            "runAsNonRoot != true",
            "runAsUser=0",
            "unrestricted capabilities",
        ]) {
            assert.ok(reasons.has(r), `no variant makes the official evaluator report "${r}"`);
        }
    });

    for (const level of LEVELS) {
        it(`${level}: zero disagreements in verdict or broken controls`, () => {
            const disagreements: string[] = [];
            for (const v of variants) {
                const theirs = official.get(`${level} :: ${v.id}`)!;
                const ours = evaluatePss(level, v.metadata, v.spec);
                const oursReasons = [...new Set(ours.map((f) => f.reason))].sort();
                const theirReasons = [...new Set(theirs.reasons.map(reasonOf))].sort();
                if ((ours.length === 0) !== theirs.allowed || oursReasons.join("|") !== theirReasons.join("|")) {
                    disagreements.push(`${v.id}: pack [${oursReasons.join(", ")}] vs official [${theirs.reasons.join("; ")}]`);
                }
            }
            assert.deepStrictEqual(disagreements, [], `${disagreements.length} disagreement(s) of ${variants.length}`);
        });
    }

    it("privileged admits everything, as the official evaluator does", () => {
        const verdicts = officialVerdicts(variants.slice(0, 20), ["privileged"]);
        assert.ok([...verdicts.values()].every((v) => v.allowed));
        assert.ok(variants.every((v) => evaluatePss("privileged", v.metadata, v.spec).length === 0));
    });

    it("the stack rule judges each pod at its namespace's label: zero disagreements with the evaluator", async () => {
        const namespaces = LEVELS.map((level) =>
            recorded("kubernetes:core/v1:Namespace", `ns-${level}`, {
                metadata: {
                    name: `ns-${level}`,
                    labels: { "pod-security.kubernetes.io/enforce": level, "pod-security.kubernetes.io/enforce-version": "latest" },
                },
            }),
        );
        const pods: { resource: RecordedResource; key: string }[] = LEVELS.flatMap((level) =>
            variants.map((v, i) => ({
                key: `${level} :: ${v.id}`,
                resource: recorded("kubernetes:core/v1:Pod", `${level}-${i}`, {
                    metadata: { ...v.metadata, name: `p${i}`, namespace: `ns-${level}` },
                    spec: v.spec,
                }),
            })),
        );
        const result = await runPolicies([...namespaces, ...pods.map((p) => p.resource)], { config: {}, policies: [podSecurityStandard] });
        const flagged = new Set(result.violations.map((v) => v.urn));
        const disagreements = pods.filter((p) => flagged.has(p.resource.urn) === official.get(p.key)!.allowed).map((p) => p.key);
        assert.deepStrictEqual(disagreements, []);
        assert.ok(result.violations.every((v) => /\nfix: \S/.test(v.message)));
    });
});

describe("Pod Security Standards: which level applies", () => {
    const pod = (namespace: string) =>
        recorded("kubernetes:core/v1:Pod", `pod-${namespace}`, {
            metadata: { name: "p", namespace },
            spec: { containers: [{ name: "app", image: "ghcr.io/example/app:1.0.0" }] },
        });
    const ns = (name: string, level?: string) =>
        recorded("kubernetes:core/v1:Namespace", name, {
            metadata: { name, labels: level === undefined ? {} : { "pod-security.kubernetes.io/enforce": level } },
        });
    const flagged = async (resources: RecordedResource[], config = {}) =>
        (await runPolicies(resources, { config, policies: [podSecurityStandard] })).violations.map((v) => v.urn);

    it("a bare pod passes in a baseline namespace and fails in a restricted one", async () => {
        const [b, r] = [pod("b"), pod("r")];
        assert.deepStrictEqual(await flagged([ns("b", "baseline"), ns("r", "restricted"), b, r]), [r.urn]);
    });
    it("a privileged namespace admits a privileged pod", async () => {
        const p = pod("p");
        p.inputs.spec.containers[0].securityContext = { privileged: true };
        assert.deepStrictEqual(await flagged([ns("p", "privileged"), p]), []);
    });
    it("an unparseable label is enforced as restricted, as admission does", async () => {
        const p = pod("x");
        assert.deepStrictEqual(await flagged([ns("x", "strict"), p]), [p.urn]);
    });
    it("a namespace the stack does not label gets defaultLevel (restricted unless configured)", async () => {
        const [a, b] = [pod("unlabelled"), pod("elsewhere")];
        assert.deepStrictEqual(await flagged([ns("unlabelled"), a, b]), [a.urn, b.urn]);
        assert.deepStrictEqual(await flagged([ns("unlabelled"), a, b], { "k8s-pod-security-standard": { defaultLevel: "baseline" } }), []);
    });
});
