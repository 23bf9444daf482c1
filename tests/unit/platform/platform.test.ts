import * as assert from "assert";
import { deployPlatform } from "../../../components/platform/deploy";
import { peakPods, quotaHard } from "../../../components/platform/quota";
import { named, ofType, runWithMocks } from "../../../tools/mock-runner/harness";
import { buildConfig } from "../support/config-fixtures";
import { T } from "../support/run-layers";
import { StackConfig } from "../../../components/config";

async function platform(config: StackConfig) {
    const result = await runWithMocks(
        () => {
            deployPlatform(config);
        },
        { stack: config.environment },
    );
    if (result.error) throw result.error;
    return result.resources;
}

describe("platform layer", () => {
    it("dev: render-mode provider, no AWS provider, restricted namespace not protected", async () => {
        const res = await platform(buildConfig("dev"));
        const provider = ofType(res, T.k8sProvider)[0];
        assert.strictEqual(provider.inputs.renderYamlToDirectory, "out/test");
        assert.strictEqual(ofType(res, T.awsProvider).length, 0);
        const ns = named(res, T.namespace, "shop-dev-namespace");
        assert.strictEqual(ns.inputs.metadata.name, "shop-dev");
        assert.strictEqual(ns.inputs.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        assert.strictEqual(ns.inputs.metadata.labels["prod-stack.io/environment"], "dev");
        assert.strictEqual(ns.options.protect, false);
        assert.strictEqual(ns.options.provider, provider.urn);
    });

    it("prod: kubeconfig context, AWS provider with region and default tags, protected namespace", async () => {
        const res = await platform(
            buildConfig("prod", (r) => {
                r.tags = { CostCenter: "shop-42" };
            }),
        );
        const provider = ofType(res, T.k8sProvider)[0];
        assert.strictEqual(provider.inputs.context, "shop-prod");
        assert.strictEqual(provider.inputs.renderYamlToDirectory, undefined);
        const aws = ofType(res, T.awsProvider)[0];
        assert.strictEqual(aws.inputs.region, "eu-west-1");
        assert.deepStrictEqual(
            (typeof aws.inputs.defaultTags === "string" ? JSON.parse(aws.inputs.defaultTags) : aws.inputs.defaultTags).tags,
            { CostCenter: "shop-42", Application: "shop", Environment: "prod", ManagedBy: "pulumi" },
        );
        assert.strictEqual(named(res, T.namespace, "shop-prod-namespace").options.protect, true);
        assert.strictEqual(named(res, T.namespace, "shop-prod-namespace").inputs.metadata.labels.CostCenter, "shop-42");
    });

    it("the configured namespace is used", async () => {
        const res = await platform(
            buildConfig("dev", (r) => {
                r.namespace = "shop-sandbox";
            }),
        );
        assert.strictEqual(ofType(res, T.namespace)[0].inputs.metadata.name, "shop-sandbox");
    });

    it("default-deny NetworkPolicy covers ingress and egress and allows only DNS to kube-dns", async () => {
        const res = await platform(buildConfig("prod"));
        const np = named(res, T.netpol, "shop-prod-default-deny");
        assert.deepStrictEqual(np.inputs.spec.podSelector, {});
        assert.deepStrictEqual(np.inputs.spec.policyTypes, ["Ingress", "Egress"]);
        assert.deepStrictEqual(np.inputs.spec.ingress, []);
        assert.strictEqual(np.inputs.spec.egress.length, 1);
        assert.deepStrictEqual(np.inputs.spec.egress[0].to[0].podSelector.matchLabels, { "k8s-app": "kube-dns" });
        assert.deepStrictEqual(
            np.inputs.spec.egress[0].ports.map((p: any) => `${p.protocol}/${p.port}`),
            ["UDP/53", "TCP/53"],
        );
    });

    it("quota grows with the services' maximum replicas and forbids LoadBalancer Services", async () => {
        const small = quotaHard(buildConfig("prod"));
        const big = quotaHard(
            buildConfig("prod", (r) => {
                r.services[0].autoscaling = { min: 3, max: 50 };
            }),
        );
        assert.ok(parseInt(big["requests.cpu"]) > parseInt(small["requests.cpu"]));
        assert.ok(parseInt(big.pods) > parseInt(small.pods));
        assert.strictEqual(small["services.loadbalancers"], "0");
        // 3 replicas + 1 surge pod at 250m, with 1.5x headroom plus the data-plane allowance.
        assert.strictEqual(small["requests.cpu"], `${Math.ceil(4 * 250 * 1.5 + 4000)}m`);
    });

    it("quota and limit range are recorded; the LimitRange ceiling follows the largest container", async () => {
        const res = await platform(
            buildConfig("prod", (r) => {
                r.services[0].resources.limits = { cpu: "4", memory: "8Gi" };
            }),
        );
        assert.ok(named(res, T.quota, "shop-prod-quota").inputs.spec.hard["limits.memory"]);
        const lr = named(res, T.limitRange, "shop-prod-limits").inputs.spec.limits[0];
        assert.deepStrictEqual(lr.max, { cpu: "4000m", memory: "8192Mi" });
        assert.ok(lr.default.cpu && lr.defaultRequest.memory);
    });

    it("progressive delivery and migrations count as extra pods", () => {
        const base = buildConfig("prod").services[0];
        const canary = buildConfig("prod", (r) => {
            r.services[0].progressive = { strategy: "canary", image: r.services[0].image, weight: 10 };
            r.services[0].migrations = { command: ["migrate"] };
        }).services[0];
        assert.strictEqual(peakPods(base), 4);
        assert.strictEqual(peakPods(canary), 9);
    });
});
