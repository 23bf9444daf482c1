import * as assert from "assert";
import { runProgram } from "../../../tools/mock-runner/harness";
import { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { K } from "../../../policies/lib/kubernetes/types";

interface Selector {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Label-selector semantics as the Prometheus operator applies them to Services. */
function matches(selector: Selector, labels: Record<string, string>): boolean {
    const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
    const byExpr = (selector.matchExpressions ?? []).every((e) => {
        switch (e.operator) {
            case "Exists":
                return e.key in labels;
            case "DoesNotExist":
                return !(e.key in labels);
            case "In":
                return (e.values ?? []).includes(labels[e.key]);
            case "NotIn":
                return !(e.values ?? []).includes(labels[e.key]);
            default:
                throw new Error(`operator ${e.operator}`);
        }
    });
    return byLabel && byExpr;
}

function servicesScrapedBy(resources: RecordedResource[], monitor: RecordedResource): string[] {
    return resources
        .filter((r) => r.type === K.Service && r.inputs.metadata.namespace === monitor.inputs.metadata.namespace)
        .filter((r) => matches(monitor.inputs.spec.selector, r.inputs.metadata.labels ?? {}))
        .map((r) => r.inputs.metadata.name);
}

describe("scrape targets: each app pod is scraped through exactly one Service", function () {
    this.timeout(60000);
    for (const target of [{ stack: "prod" }, { configFile: "examples/metrics-service.yaml" }, { configFile: "examples/third-eye.yaml" }]) {
        it(`${target.stack ?? target.configFile}`, async () => {
            const resources = await runProgram(target);
            const monitors = resources.filter((r) => r.type === K.ServiceMonitor && r.inputs.metadata.labels?.["app.kubernetes.io/name"]);
            assert.ok(monitors.length > 0);
            for (const m of monitors) {
                const name = m.inputs.metadata.labels["app.kubernetes.io/name"];
                assert.deepStrictEqual(servicesScrapedBy(resources, m), [name], `ServiceMonitor of ${name}`);
            }
        });
    }
});
