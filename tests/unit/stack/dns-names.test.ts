/**
 * Every object name and label the stacks and examples emit is one the API server accepts: names are DNS-1123
 * subdomains (labels where the kind requires it or the name is copied into a label), label keys and values fit the
 * label syntax (63 characters). Rendered the way tools/render-manifests.ts renders them.
 */
import * as assert from "assert";
import { isDns1123Label, isDns1123Subdomain, isLabelKey, isLabelValue } from "../../../components/kubernetes/names";
import { renderedManifests } from "../../../tools/render-manifests";
import { allTargets } from "../../../tools/mock-runner/targets";

const TARGETS = allTargets();
/** RBAC objects are named by path segments (`system:...` is fine); every other kind by a DNS-1123 subdomain. */
const PATH_SEGMENT_NAMED = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"];
/** Kinds whose name must be a DNS label, with the API server's length limit. */
const LABEL_NAMED: Record<string, number> = { Namespace: 63, Service: 63, Job: 63, CronJob: 52, StatefulSet: 63 };

/** Problems with one object's name. */
export function nameProblems(m: Record<string, any>): string[] {
    const name = String(m.metadata?.name ?? "");
    const id = `${m.kind} ${name}`;
    if (PATH_SEGMENT_NAMED.includes(m.kind))
        return /^[^/%]+$/.test(name) && name !== "." && name !== ".." ? [] : [`${id}: not a valid path segment name`];
    const max = LABEL_NAMED[m.kind];
    if (max !== undefined) {
        return isDns1123Label(name) && name.length <= max && (m.kind !== "Service" || /^[a-z]/.test(name))
            ? []
            : [`${id}: name must be a DNS-1123 label of at most ${max} characters`];
    }
    return isDns1123Subdomain(name) ? [] : [`${id}: name must be a DNS-1123 subdomain`];
}

/** Problems with every label map in the object (metadata, pod templates, selectors), with its path. */
export function labelProblems(m: Record<string, any>): string[] {
    const problems: string[] = [];
    const visit = (value: unknown, at: string, key: string) => {
        if (Array.isArray(value)) return value.forEach((v, i) => visit(v, `${at}[${i}]`, key));
        if (value === null || typeof value !== "object") return;
        const isLabelMap = key === "labels" || key === "matchLabels" || (m.kind === "Service" && at === ".spec.selector");
        for (const [k, v] of Object.entries(value)) {
            if (isLabelMap && typeof v === "string") {
                if (!isLabelKey(k)) problems.push(`${m.kind} ${m.metadata?.name} ${at}: invalid label key "${k}"`);
                if (!isLabelValue(v))
                    problems.push(`${m.kind} ${m.metadata?.name} ${at}.${k}: invalid label value "${v}" (${v.length} characters)`);
            } else {
                visit(v, `${at}.${k}`, k);
            }
        }
    };
    visit(m, "", "");
    return problems;
}

describe("stack: names and label values are valid DNS-1123 names and label values", function () {
    this.timeout(120_000);

    it("the checks reject what the API server rejects", () => {
        assert.deepStrictEqual(nameProblems({ kind: "Job", metadata: { name: "a".repeat(64) } }).length, 1);
        assert.deepStrictEqual(nameProblems({ kind: "ConfigMap", metadata: { name: "Upper" } }).length, 1);
        assert.deepStrictEqual(nameProblems({ kind: "Service", metadata: { name: "1abc" } }).length, 1);
        assert.deepStrictEqual(nameProblems({ kind: "ClusterRole", metadata: { name: "system:x" } }), []);
        assert.deepStrictEqual(labelProblems({ kind: "Pod", metadata: { name: "p", labels: { "a/b": "x".repeat(64) } } }).length, 1);
        assert.deepStrictEqual(
            labelProblems({
                kind: "Deployment",
                metadata: { name: "d" },
                spec: { template: { metadata: { labels: { "bad key!": "v" } } } },
            }).length,
            1,
        );
    });

    for (const target of TARGETS) {
        it(`${target}: every name and label value is valid`, async () => {
            const manifests = await renderedManifests(target);
            assert.ok(manifests.length > 20, `${target} rendered only ${manifests.length} objects`);
            assert.deepStrictEqual(
                manifests.flatMap((m) => [...nameProblems(m), ...labelProblems(m)]),
                [],
            );
        });
    }
});
