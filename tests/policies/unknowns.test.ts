import * as assert from "assert";
import type { PolicyResource, ResourceValidation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { unknownCheckingProxy, unknownSentinels } from "../../policies/lib/preview";
import { allRules } from "../../policies/rules";
import { A } from "../../policies/lib/aws/types";
import { K } from "../../policies/lib/kubernetes/types";
import { check, goodStack, violationsOf } from "./support/check";
import { byName } from "./support/recorded";

/**
 * The recorded harness drops unknowns, so these tests call the rules directly with props carrying the
 * engine's unknown sentinels behind the real unknownCheckingProxy, exactly as the policy server does.
 */
function policy<T>(name: string): T {
    return allRules.find((p) => p.name === name) as unknown as T;
}

function stackArgs(resources: { type: string; name: string; props: Record<string, any>; parent?: string }[]) {
    const rs: PolicyResource[] = resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: `urn:pulumi:prod::p::${r.type}::${r.name}`,
        props: unknownCheckingProxy(r.props),
        opts: {
            protect: true,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
            parent: r.parent,
        },
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    }));
    return {
        resources: rs,
        stackTags: new Map(),
        getConfig: () => ({}),
        notApplicable: (): never => {
            throw new Error("n/a");
        },
    };
}

async function runStack(name: string, resources: Parameters<typeof stackArgs>[0]): Promise<string[]> {
    const messages: string[] = [];
    await policy<StackValidationPolicy>(name).validateStack(stackArgs(resources) as any, (m) => messages.push(m));
    return messages;
}

describe("unknown values during preview", () => {
    it("a bucket whose sub-resources reference it by an unknown name is not reported missing", async () => {
        const bucket = { type: A.Bucket, name: "backups", props: { bucket: unknownSentinels.string } };
        const versioning = {
            type: "aws:s3/bucketVersioning:BucketVersioning",
            name: "v",
            props: { bucket: unknownSentinels.string, versioningConfiguration: { status: "Enabled" } },
        };
        assert.deepStrictEqual(await runStack("s3-bucket-versioning", [bucket, versioning]), []);
    });

    it("the same join still reports a bucket that has no versioning resource at all", async () => {
        const bucket = { type: A.Bucket, name: "backups", props: { bucket: unknownSentinels.string } };
        assert.strictEqual((await runStack("s3-bucket-versioning", [bucket])).length, 1);
    });

    it("an unknown versioning status is not a violation", async () => {
        const bucket = { type: A.Bucket, name: "backups", props: { bucket: "b" } };
        const versioning = {
            type: "aws:s3/bucketVersioning:BucketVersioning",
            name: "v",
            props: { bucket: "b", versioningConfiguration: { status: unknownSentinels.string } },
        };
        assert.deepStrictEqual(await runStack("s3-bucket-versioning", [bucket, versioning]), []);
    });

    it("a bucket policy that is unknown (built from the bucket ARN) does not count as missing", async () => {
        const bucket = { type: A.Bucket, name: "backups", props: { bucket: "b" } };
        const pol = {
            type: "aws:s3/bucketPolicy:BucketPolicy",
            name: "backups-policy",
            props: { bucket: "b", policy: unknownSentinels.string },
        };
        assert.deepStrictEqual(await runStack("s3-bucket-tls-only-policy", [bucket, pol]), []);
    });

    it("an unknown namespace on a NetworkPolicy suspends the default-deny check instead of failing it", async () => {
        const deployment = {
            type: K.Deployment,
            name: "api",
            props: { metadata: { namespace: "shop" }, spec: { template: { spec: {} } } },
        };
        const np = {
            type: K.NetworkPolicy,
            name: "deny",
            props: { metadata: { namespace: unknownSentinels.string }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
        };
        assert.deepStrictEqual(await runStack("k8s-namespace-default-deny", [deployment, np]), []);
        assert.strictEqual((await runStack("k8s-namespace-default-deny", [deployment])).length, 1);
    });

    it("an HPA with an unknown target leaves replica counts undecided", async () => {
        const deployment = {
            type: K.Deployment,
            name: "api",
            props: { metadata: { name: "api", namespace: "shop" }, spec: { replicas: 1, template: { spec: {} } } },
        };
        const hpa = {
            type: K.HorizontalPodAutoscaler,
            name: "api",
            props: {
                metadata: { namespace: "shop" },
                spec: { minReplicas: 3, scaleTargetRef: { kind: "Deployment", name: unknownSentinels.string } },
            },
        };
        assert.deepStrictEqual(await runStack("k8s-workload-min-replicas", [deployment, hpa]), []);
        assert.strictEqual((await runStack("k8s-workload-min-replicas", [deployment])).length, 1);
    });

    it("Pod Security: a pod with a computed field is left undecided, the other pods are still judged", async () => {
        const ns = {
            type: K.Namespace,
            name: "shop",
            props: { metadata: { name: "shop", labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
        };
        const pod = (name: string, securityContext: unknown) => ({
            type: K.Pod,
            name,
            props: {
                metadata: { name, namespace: "shop" },
                spec: { securityContext, containers: [{ name: "app", image: "ghcr.io/x/app:1" }] },
            },
        });
        const messages = await runStack("k8s-pod-security-standard", [ns, pod("computed", unknownSentinels.object), pod("bare", {})]);
        assert.strictEqual(messages.length, 1);
        assert.match(messages[0], /Pod shop\/bare breaks Pod Security "restricted"/);
    });

    it("Pod Security: a namespace with a computed label decides nothing", async () => {
        const ns = { type: K.Namespace, name: "shop", props: { metadata: { name: "shop", labels: unknownSentinels.object } } };
        const pod = {
            type: K.Pod,
            name: "p",
            props: {
                metadata: { name: "p", namespace: "shop" },
                spec: { containers: [{ name: "app", image: "ghcr.io/x/app:1", securityContext: { privileged: true } }] },
            },
        };
        assert.deepStrictEqual(await runStack("k8s-pod-security-standard", [ns, pod]), []);
    });

    it("a PodDisruptionBudget with a computed selector is not joined with any workload", async () => {
        const deployment = {
            type: K.Deployment,
            name: "api",
            props: {
                metadata: { name: "api", namespace: "shop" },
                spec: { replicas: 2, template: { metadata: { labels: { app: "api" } }, spec: {} } },
            },
        };
        const pdb = (selector: unknown) => ({
            type: K.PodDisruptionBudget,
            name: "api",
            props: { metadata: { namespace: "shop" }, spec: { minAvailable: 2, selector } },
        });
        assert.deepStrictEqual(await runStack("k8s-pdb-min-available-below-replicas", [deployment, pdb(unknownSentinels.object)]), []);
        assert.strictEqual(
            (await runStack("k8s-pdb-min-available-below-replicas", [deployment, pdb({ matchLabels: { app: "api" } })])).length,
            1,
        );
    });

    it("a resource rule treats a computed kmsKeyId as set", () => {
        const messages: string[] = [];
        const props = unknownCheckingProxy({ kmsKeyId: unknownSentinels.string });
        const validate = policy<ResourceValidationPolicy>("secretsmanager-cmk").validateResource as ResourceValidation;
        validate({ type: A.Secret, props, urn: "u", name: "s", getConfig: () => ({}) } as never, (m: string) => messages.push(m));
        assert.deepStrictEqual(messages, []);
    });

    it("the in-process runner turns an unknown read into an advisory preview diagnostic, as the server does", async () => {
        const all = goodStack();
        byName(all, "orders", A.RdsInstance).inputs.publiclyAccessible = unknownSentinels.boolean;
        const vs = violationsOf(await check(all), "rds-not-public");
        assert.strictEqual(vs.length, 1);
        assert.strictEqual(vs[0].enforcementLevel, "advisory");
        assert.match(vs[0].message, /during preview/);
    });
});
