import * as assert from "assert";
import { named, ofType } from "../../../tools/mock-runner/harness";
import { redisConf } from "../../../components/cache/redis-conf";
import { runData } from "./support/context";
import { K } from "../../../policies/lib/kubernetes/types";

describe("cache: redis.conf", () => {
    it("AOF everysec, RDB saves, maxmemory + policy, dangerous commands renamed, no password", () => {
        const conf = redisConf({ maxmemory: "256Mi", maxmemoryPolicy: "volatile-lru" });
        for (const line of [
            "appendonly yes",
            "appendfsync everysec",
            "save 900 1",
            "save 300 10",
            "save 60 10000",
            "maxmemory 268435456",
            "maxmemory-policy volatile-lru",
            'rename-command FLUSHDB ""',
            'rename-command FLUSHALL ""',
        ])
            assert.ok(conf.includes(line), line);
        assert.doesNotMatch(conf, /requirepass/);
    });
});

describe("cache: elasticache", () => {
    it("prod: TLS + AUTH token, KMS at rest, failover + Multi-AZ, snapshots, SG from the cluster only, protected", async () => {
        const { resources, layers } = await runData("prod");
        const g = named(resources, "aws:elasticache/replicationGroup:ReplicationGroup", "webapp-cache-group");
        assert.deepStrictEqual(
            [
                g.inputs.engine,
                g.inputs.transitEncryptionEnabled,
                g.inputs.atRestEncryptionEnabled,
                g.inputs.automaticFailoverEnabled,
                g.inputs.multiAzEnabled,
                g.inputs.numCacheClusters,
                g.inputs.snapshotRetentionLimit,
            ],
            ["redis", true, true, true, true, 3, 7],
        );
        assert.ok(g.inputs.kmsKeyId && g.inputs.finalSnapshotIdentifier);
        assert.strictEqual(g.options.protect, true);
        const pg = named(resources, "aws:elasticache/parameterGroup:ParameterGroup", "webapp-cache-params");
        assert.deepStrictEqual(pg.inputs.parameters, [{ name: "maxmemory-policy", value: "allkeys-lru" }]);
        const sg = named(resources, "aws:ec2/securityGroup:SecurityGroup", "webapp-cache-sg");
        assert.deepStrictEqual(
            sg.inputs.ingress.map((r: any) => [r.fromPort, r.securityGroups]),
            [[6379, ["sg-0f1e2d3c4b5a69788"]]],
        );
        assert.strictEqual(layers.cache!.url.secretName, "webapp-redis");
        const version = ofType(resources, "aws:secretsmanager/secretVersion:SecretVersion").find(
            (v) => v.name === "webapp-secrets-webapp-redis-value",
        )!;
        assert.match(JSON.parse(version.inputs.secretString).url, /^rediss:\/\/:MOCKSECRET/);
    });
    it("config knobs: nodes, policy, retention", async () => {
        const { resources } = await runData("prod", (raw) => {
            raw.redis = { kind: "elasticache", nodes: 2, maxmemoryPolicy: "noeviction", snapshotRetentionDays: 10 };
        });
        const g = named(resources, "aws:elasticache/replicationGroup:ReplicationGroup", "webapp-cache-group");
        assert.deepStrictEqual([g.inputs.numCacheClusters, g.inputs.snapshotRetentionLimit], [2, 10]);
        assert.strictEqual(
            named(resources, "aws:elasticache/parameterGroup:ParameterGroup", "webapp-cache-params").inputs.parameters[0].value,
            "noeviction",
        );
    });
});

describe("cache: in-cluster redis", () => {
    it("dev: one member, official image, password from a mounted secret, retained volume, exporter, netpol", async () => {
        const { resources, layers } = await runData("dev");
        const sts = named(resources, K.StatefulSet, "webapp-cache-statefulset");
        const spec = sts.inputs.spec;
        assert.strictEqual(spec.replicas, 1);
        assert.deepStrictEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
        assert.strictEqual(spec.volumeClaimTemplates[0].spec.resources.requests.storage, "2Gi");
        const pod = spec.template.spec;
        assert.deepStrictEqual(
            pod.containers.map((c: any) => c.name),
            ["redis", "exporter"],
        );
        assert.match(pod.containers[0].image, /^redis:7\./);
        assert.ok(pod.volumes.some((v: any) => v.secret?.secretName === "webapp-redis-auth"));
        for (const c of pod.containers) for (const e of c.env ?? []) assert.ok(!/PASSWORD/.test(e.name) || e.valueFrom, e.name);
        const cm = named(resources, K.ConfigMap, "webapp-cache-config");
        assert.match(cm.inputs.data["redis.conf"], /maxmemory 268435456/);
        assert.strictEqual(sts.options.protect, false);
        assert.strictEqual(layers.cache!.kind, "cluster");
        assert.ok(ofType(resources, K.NetworkPolicy).some((n) => n.name === "webapp-cache-netpol"));
    });
    it("sentinel: 3 members with a sentinel each, PDB minAvailable 2, protected in staging/prod", async () => {
        const { resources } = await runData("dev", (raw) => {
            raw.environment = "staging";
            raw.services.forEach((svc: any) => {
                svc.autoscaling = { min: 2, max: 4 };
            });
            raw.database = { ...raw.database, kind: "patroni", members: 3, walArchive: { bucket: "wal-archive" } };
            raw.secrets = { backend: "vault", replicas: 3 };
            raw.redis = { kind: "cluster", sentinel: true, maxmemoryPolicy: "allkeys-lfu" };
        });
        const sts = named(resources, K.StatefulSet, "webapp-cache-statefulset");
        assert.strictEqual(sts.inputs.spec.replicas, 3);
        assert.deepStrictEqual(
            sts.inputs.spec.template.spec.containers.map((c: any) => c.name),
            ["redis", "sentinel", "exporter"],
        );
        assert.strictEqual(sts.options.protect, true);
        assert.strictEqual(named(resources, K.PodDisruptionBudget, "webapp-cache-pdb").inputs.spec.minAvailable, 2);
        assert.match(
            named(resources, K.ConfigMap, "webapp-cache-config").inputs.data["sentinel.conf"],
            /sentinel monitor mymaster webapp-redis-0\.webapp-redis-headless/,
        );
        assert.match(named(resources, K.ConfigMap, "webapp-cache-config").inputs.data["redis.conf"], /maxmemory-policy allkeys-lfu/);
    });

    const sentinelStack = () =>
        runData("dev", (raw) => {
            raw.redis = { kind: "cluster", sentinel: true };
        });

    it("sentinel: REDIS_URL's Service is served by a proxy that routes to whichever member reports role:master", async () => {
        const { resources, layers } = await sentinelStack();
        const service = named(resources, K.Service, "webapp-cache-service");
        const proxy = named(resources, K.Deployment, "webapp-cache-proxy-deployment");
        assert.strictEqual(service.inputs.metadata.name, "webapp-redis", "REDIS_URL's host moved");
        assert.deepStrictEqual(service.inputs.spec.selector, proxy.inputs.spec.selector.matchLabels);
        assert.strictEqual(service.inputs.spec.selector["statefulset.kubernetes.io/pod-name"], undefined, "pinned to one member");
        assert.ok(proxy.inputs.spec.replicas >= 2);
        const cfg = named(resources, K.ConfigMap, "webapp-cache-proxy-config").inputs.data["haproxy.cfg"];
        assert.match(cfg, /tcp-check expect string role:master/);
        assert.match(cfg, /on-marked-down shutdown-sessions/);
        for (let i = 0; i < 3; i++)
            assert.match(
                cfg,
                new RegExp(`server member-${i} webapp-redis-${i}\\.webapp-redis-headless\\.[a-z-]+\\.svc\\.cluster\\.local:6379`),
            );
        assert.doesNotMatch(cfg, /MOCKSECRET/, "the password is in the ConfigMap");
        const env = proxy.inputs.spec.template.spec.containers[0].env;
        assert.deepStrictEqual(env, [
            { name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: "webapp-redis-auth", key: "password" } } },
        ]);
        assert.ok(named(resources, K.PodDisruptionBudget, "webapp-cache-proxy-pdb"));
        // Apps are let through to the proxy, the proxy to the members.
        assert.deepStrictEqual(layers.cache!.peer, { podSelector: service.inputs.spec.selector, ports: [6379] });
        const redisPolicy = named(resources, K.NetworkPolicy, "webapp-cache-netpol").inputs.spec;
        assert.ok(
            redisPolicy.ingress.some((r: any) =>
                r.from.some((f: any) => f.podSelector?.matchLabels?.["app.kubernetes.io/name"] === "redis-proxy"),
            ),
            "Redis does not admit the proxy",
        );
        const proxyPolicy = named(resources, K.NetworkPolicy, "webapp-cache-proxy-netpol").inputs.spec;
        assert.ok(
            proxyPolicy.egress.some((r: any) => r.to.some((t: any) => t.podSelector?.matchLabels?.["app.kubernetes.io/name"] === "redis")),
        );
    });

    it("without sentinel there is one member: the Service selects it directly and no proxy runs", async () => {
        const { resources } = await runData("dev");
        assert.strictEqual(named(resources, K.Service, "webapp-cache-service").inputs.spec.selector["app.kubernetes.io/name"], "redis");
        assert.strictEqual(ofType(resources, K.Deployment).filter((d) => d.name.includes("proxy")).length, 0);
    });
});
