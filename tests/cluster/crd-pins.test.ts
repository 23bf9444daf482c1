/**
 * The CRDs installed into the test control plane come from Go modules pinned in tools/toolchain/crds/go.mod; each
 * must be the release its Helm chart installs (components/addons/versions.ts), so chart and CRDs never drift.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ADDON_VERSIONS } from "../../components/addons/versions";
import { REPO_ROOT } from "../../tools/mock-runner/harness";
import { requiredModules } from "./support/go-mod";

const CRDS_DIR = path.join(REPO_ROOT, "tools", "toolchain", "crds");

/** Module of each chart's CRDs, and the release of it the chart pin implies. */
function expectedPins(): Record<string, string> {
    const v = (version: string) => (version.startsWith("v") ? version : `v${version}`);
    const prometheusOperator = ADDON_VERSIONS.kubePrometheusStack.appVersion;
    return {
        "github.com/envoyproxy/gateway": v(ADDON_VERSIONS.envoyGateway.version),
        "github.com/cert-manager/cert-manager": v(ADDON_VERSIONS.certManager.version),
        "github.com/prometheus-operator/prometheus-operator": v(prometheusOperator),
        "github.com/zalando/postgres-operator": v(ADDON_VERSIONS.postgresOperator.version),
        "github.com/external-secrets/external-secrets": v(ADDON_VERSIONS.externalSecrets.version),
    };
}

describe("cluster: CRD source modules match the chart pins", () => {
    it("tools/toolchain/crds/go.mod pins each CRD module at its chart's release", () => {
        const pins = requiredModules(fs.readFileSync(path.join(CRDS_DIR, "go.mod"), "utf8"));
        assert.deepStrictEqual(pins, expectedPins());
    });

    it("go.sum verifies every pinned module", () => {
        const sums = fs.readFileSync(path.join(CRDS_DIR, "go.sum"), "utf8");
        for (const [module, version] of Object.entries(expectedPins())) {
            assert.ok(
                sums.includes(`${module} ${version} h1:`),
                `go.sum lacks ${module} ${version}: run (cd tools/toolchain/crds && go mod download ${module})`,
            );
        }
    });

    it("sources.txt names exactly the pinned modules", () => {
        const listed = fs
            .readFileSync(path.join(CRDS_DIR, "sources.txt"), "utf8")
            .split("\n")
            .filter((l) => l.trim() && !l.startsWith("#"))
            .map((l) => l.split(/\s+/)[0]);
        assert.deepStrictEqual([...new Set(listed)].sort(), Object.keys(expectedPins()).sort());
    });

    it("the go.mod reader reads both require forms", () => {
        assert.deepStrictEqual(requiredModules("module x\n\nrequire a/b v1.0.0\nrequire (\n\tc/d v2.0.0 // indirect\n)\n"), {
            "a/b": "v1.0.0",
            "c/d": "v2.0.0",
        });
    });
});
