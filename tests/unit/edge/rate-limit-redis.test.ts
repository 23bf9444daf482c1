/**
 * The per-API-key (global) rate limit works end to end: Envoy Gateway's rate limit service finds the Redis password in
 * its own namespace, and the Redis (or, with Sentinel, the proxy in front of it) admits the service's pods.
 */
import * as assert from "assert";
import { isDeepStrictEqual } from "util";
import { isSecretAt, named, ofType, runProgramFull } from "../../../tools/mock-runner/harness";
import { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { K } from "../../../policies/lib/kubernetes/types";
import { ADDON_NAMESPACES } from "../../../components/peers";

const ELASTICACHE_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
/** The rate limit pods as Envoy Gateway labels them (envoyproxy/gateway internal/infrastructure/kubernetes/ratelimit). */
const RATELIMIT_FROM = {
    podSelector: {
        matchLabels: {
            "app.kubernetes.io/name": "envoy-ratelimit",
            "app.kubernetes.io/component": "ratelimit",
            "app.kubernetes.io/managed-by": "envoy-gateway",
        },
    },
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "envoy-gateway-system" } },
};

const perKey = (raw: Record<string, any>) => {
    raw.edge = { ...raw.edge, rateLimit: { ...(raw.edge?.rateLimit ?? {}), perApiKey: { requestsPerMinute: 100 } } };
};
/** dev with the stack's own Envoy Gateway (dev turns the add-ons off because it renders offline). */
const devWithGateway = (raw: Record<string, any>) => {
    raw.addons = { ...raw.addons, envoyGateway: true };
};

async function run(stack: "dev" | "prod", ...edits: ((raw: Record<string, any>) => void)[]): Promise<RecordedResource[]> {
    const { resources, error } = await runProgramFull({ stack, edit: (raw) => edits.forEach((e) => e(raw)) });
    assert.ifError(error);
    return resources;
}

const rateLimitSecrets = (resources: RecordedResource[]) => ofType(resources, K.Secret).filter((s) => s.name.endsWith("-ratelimit-redis"));

/** Ingress rules of a NetworkPolicy that admit the rate limit pods, with their ports. */
function rateLimitIngress(policy: RecordedResource): number[][] {
    return (policy.inputs.spec.ingress as any[])
        .filter((rule) => (rule.from ?? []).some((peer: any) => isDeepStrictEqual(peer, RATELIMIT_FROM)))
        .map((rule) => rule.ports.map((p: any) => p.port));
}

describe("edge: the global rate limit service reads the stack's Redis password from its own namespace", () => {
    it("prod (ElastiCache): Secret <namespace>-ratelimit-redis in envoy-gateway-system holds the AUTH token as a secret", async () => {
        const resources = await run("prod", perKey);
        const [secret, ...more] = rateLimitSecrets(resources);
        assert.ok(secret, "no rate limit Secret");
        assert.strictEqual(more.length, 0);
        assert.strictEqual(secret.inputs.metadata.namespace, ADDON_NAMESPACES.envoyGateway);
        assert.strictEqual(secret.inputs.metadata.name, "webapp-prod-ratelimit-redis");
        assert.deepStrictEqual(Object.keys(secret.inputs.stringData), ["password"]);
        const token = named(resources, ELASTICACHE_GROUP, "webapp-cache-group").inputs.authToken;
        assert.ok(typeof token === "string" && token.startsWith("MOCKSECRET"), String(token));
        assert.strictEqual(secret.inputs.stringData.password, token);
        assert.ok(isSecretAt(secret, "stringData.password"), JSON.stringify(secret.secretPaths));
        // The Secret the chart values point REDIS_AUTH at is exactly this one.
        const chart = ofType(resources, K.HelmChartV4).find((c) => c.inputs.values?.config?.envoyGateway?.rateLimit);
        const env = chart!.inputs.values.config.envoyGateway.provider.kubernetes.rateLimitDeployment.container.env;
        assert.deepStrictEqual(env[0].valueFrom.secretKeyRef, { name: secret.inputs.metadata.name, key: "password" });
    });

    it("cluster Redis: the Secret holds the password the Redis itself uses", async () => {
        const resources = await run("dev", devWithGateway, perKey);
        const [secret] = rateLimitSecrets(resources);
        assert.ok(secret, "no rate limit Secret");
        assert.strictEqual(secret.inputs.metadata.namespace, ADDON_NAMESPACES.envoyGateway);
        const redisAuth = ofType(resources, K.Secret).find((s) => s.inputs.metadata?.name === "webapp-redis-auth");
        assert.ok(redisAuth, "no webapp-redis-auth Secret");
        assert.strictEqual(secret.inputs.stringData.password, redisAuth.inputs.stringData.password);
        assert.ok(isSecretAt(secret, "stringData.password"));
    });

    it("no Secret without per-API-key limits, nor where the stack does not run Envoy Gateway", async () => {
        assert.deepStrictEqual(rateLimitSecrets(await run("prod")), []);
        assert.deepStrictEqual(rateLimitSecrets(await run("dev", perKey)), []);
    });
});

describe("cache: the Redis NetworkPolicy admits the rate limit pods", () => {
    const sentinel = (on: boolean) => (raw: Record<string, any>) => {
        raw.redis = { ...raw.redis, sentinel: on };
    };

    it("without Sentinel: the Redis pods admit exactly the envoy-ratelimit pods of envoy-gateway-system on 6379", async () => {
        const resources = await run("dev", devWithGateway, perKey, sentinel(false));
        assert.deepStrictEqual(rateLimitIngress(named(resources, K.NetworkPolicy, "webapp-cache-netpol")), [[6379]]);
    });

    it("with Sentinel: the master proxy admits them on 6379 (the Service routes there), the members do not", async () => {
        const resources = await run("dev", devWithGateway, perKey, sentinel(true));
        assert.deepStrictEqual(rateLimitIngress(named(resources, K.NetworkPolicy, "webapp-cache-proxy-netpol")), [[6379]]);
        assert.deepStrictEqual(rateLimitIngress(named(resources, K.NetworkPolicy, "webapp-cache-netpol")), []);
    });

    it("without per-API-key limits (or without the stack's Envoy Gateway) nothing admits them", async () => {
        for (const resources of [await run("dev", devWithGateway, sentinel(false)), await run("dev", perKey, sentinel(false))])
            assert.deepStrictEqual(rateLimitIngress(named(resources, K.NetworkPolicy, "webapp-cache-netpol")), []);
        const withProxy = await run("dev", devWithGateway, sentinel(true));
        assert.deepStrictEqual(rateLimitIngress(named(withProxy, K.NetworkPolicy, "webapp-cache-proxy-netpol")), []);
    });
});
