import * as assert from "assert";
import { named, ofType } from "../../../tools/mock-runner/harness";
import { buildConfig, pinnedImage } from "../support/config-fixtures";
import { POOLER_SELECTOR } from "../support/fake-layers";
import { runLayers, T } from "../support/run-layers";
import { ENVOY_PROXY_PEER, PROMETHEUS_PEER } from "../../../components/peers";

const podSpec = (r: { inputs: Record<string, any> }) => r.inputs.spec.template.spec;
const container = (r: { inputs: Record<string, any> }) => podSpec(r).containers[0];

describe("workloads: one service, dev and prod", () => {
    it("prod Deployment: rolling update 1/0, probes, resources, restricted security, spread, graceful stop", async () => {
        const { resources } = await runLayers(buildConfig("prod"));
        const d = named(resources, T.deployment, "api-deployment");
        assert.strictEqual(d.inputs.metadata.namespace, "shop-prod");
        assert.deepStrictEqual(d.inputs.spec.strategy, { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
        assert.strictEqual(d.inputs.spec.replicas, 3);
        const c = container(d);
        assert.strictEqual(c.image, pinnedImage("ghcr.io/example/api"));
        assert.strictEqual(c.livenessProbe.httpGet.path, "/health");
        assert.strictEqual(c.readinessProbe.httpGet.path, "/ready");
        assert.deepStrictEqual(c.resources, {
            requests: { cpu: "250m", memory: "256Mi", "ephemeral-storage": "64Mi" },
            limits: { cpu: "1", memory: "512Mi", "ephemeral-storage": "1Gi" },
        });
        assert.strictEqual(c.imagePullPolicy, "Always");
        assert.deepStrictEqual(c.securityContext.capabilities, { drop: ["ALL"] });
        assert.strictEqual(c.securityContext.allowPrivilegeEscalation, false);
        assert.strictEqual(c.securityContext.readOnlyRootFilesystem, true);
        assert.strictEqual(podSpec(d).securityContext.runAsNonRoot, true);
        assert.strictEqual(podSpec(d).securityContext.seccompProfile.type, "RuntimeDefault");
        assert.strictEqual(podSpec(d).automountServiceAccountToken, false);
        assert.deepStrictEqual(
            c.volumeMounts.map((m: any) => m.mountPath),
            ["/tmp"],
        );
        assert.ok(podSpec(d).volumes[0].emptyDir);
        assert.deepStrictEqual(c.lifecycle.preStop.sleep, { seconds: 5 });
        assert.strictEqual(podSpec(d).terminationGracePeriodSeconds, 30);
        assert.deepStrictEqual(
            podSpec(d).topologySpreadConstraints.map((t: any) => t.topologyKey),
            ["topology.kubernetes.io/zone", "kubernetes.io/hostname"],
        );
        assert.strictEqual(d.inputs.metadata.labels["app.kubernetes.io/component"], "app");
        assert.strictEqual(d.inputs.metadata.labels["app.kubernetes.io/name"], "api");
        assert.strictEqual(d.inputs.metadata.labels["app.kubernetes.io/part-of"], "shop");
        assert.ok(d.options.provider?.includes("pulumi:providers:kubernetes"));
    });

    it("dev Deployment has no topology spread; the dedicated ServiceAccount does not mount a token", async () => {
        const { resources } = await runLayers(buildConfig("dev"));
        assert.strictEqual(podSpec(named(resources, T.deployment, "api-deployment")).topologySpreadConstraints, undefined);
        const sa = named(resources, T.serviceAccount, "api-sa");
        assert.strictEqual(sa.inputs.automountServiceAccountToken, false);
        assert.strictEqual(podSpec(named(resources, T.deployment, "api-deployment")).serviceAccountName, "api");
    });

    it("automountServiceAccountToken: true mounts the token and annotates the need", async () => {
        const { resources } = await runLayers(
            buildConfig("dev", (r) => {
                r.services[0].automountServiceAccountToken = true;
            }),
        );
        const sa = named(resources, T.serviceAccount, "api-sa");
        assert.strictEqual(sa.inputs.automountServiceAccountToken, true);
        assert.strictEqual(sa.inputs.metadata.annotations["prod-stack.io/needs-api-token"], "true");
    });

    it("probe, grace period, preStop and writable-path knobs change the pod", async () => {
        const { resources } = await runLayers(
            buildConfig("dev", (r) => {
                Object.assign(r.services[0], {
                    terminationGracePeriodSeconds: 90,
                    preStopSleepSeconds: 0,
                    writablePaths: ["/tmp", "/app/cache"],
                });
                r.services[0].probes.startup = { path: "/started", failureThreshold: 30 };
                r.services[0].probes.liveness.periodSeconds = 20;
            }),
        );
        const d = named(resources, T.deployment, "api-deployment");
        assert.strictEqual(podSpec(d).terminationGracePeriodSeconds, 90);
        assert.strictEqual(container(d).lifecycle, undefined);
        assert.deepStrictEqual(
            container(d).volumeMounts.map((m: any) => m.mountPath),
            ["/tmp", "/app/cache"],
        );
        assert.strictEqual(container(d).startupProbe.failureThreshold, 30);
        assert.strictEqual(container(d).livenessProbe.periodSeconds, 20);
    });

    it("Service is ClusterIP with http and a separate metrics port when configured", async () => {
        const same = await runLayers(buildConfig("dev"));
        assert.deepStrictEqual(
            named(same.resources, T.service, "api-service").inputs.spec.ports.map((p: any) => p.name),
            ["http"],
        );
        const { resources, workloads } = await runLayers(
            buildConfig("dev", (r) => {
                r.services[0].metricsPort = 9090;
            }),
        );
        const svc = named(resources, T.service, "api-service");
        assert.strictEqual(svc.inputs.spec.type, "ClusterIP");
        assert.deepStrictEqual(
            svc.inputs.spec.ports.map((p: any) => `${p.name}:${p.port}`),
            ["http:8000", "metrics:9090"],
        );
        assert.deepStrictEqual(
            container(named(resources, T.deployment, "api-deployment")).ports.map((p: any) => p.containerPort),
            [8000, 9090],
        );
        assert.strictEqual(workloads[0].metricsPort, 9090);
        assert.deepStrictEqual(workloads[0].backends, [{ serviceName: "api", weight: 100 }]);
    });

    it("PDB follows the disruption budget config", async () => {
        const def = await runLayers(buildConfig("prod"));
        assert.strictEqual(named(def.resources, T.pdb, "api-pdb").inputs.spec.maxUnavailable, 1);
        const { resources } = await runLayers(
            buildConfig("prod", (r) => {
                r.services[0].disruptionBudget = { minAvailable: 2 };
            }),
        );
        const pdb = named(resources, T.pdb, "api-pdb");
        assert.strictEqual(pdb.inputs.spec.minAvailable, 2);
        assert.strictEqual(pdb.inputs.spec.maxUnavailable, undefined);
    });
});

describe("workloads: env and secrets", () => {
    it("plain env goes to a ConfigMap; secrets only as secretKeyRef (external, DATABASE_URL, REDIS_URL, generated)", async () => {
        const config = buildConfig("dev", (r) => {
            Object.assign(r.services[0], {
                env: { LOG_LEVEL: "info" },
                secretEnv: { OPENAI_API_KEY: "openai-api-key" },
                generatedSecrets: { SECRET_KEY: 48 },
                uses: { database: true, redis: true },
            });
            r.database = { kind: "patroni" };
            r.redis = { kind: "cluster" };
        });
        const { resources, secrets } = await runLayers(config);
        const cm = named(resources, T.configMap, "api-env");
        assert.deepStrictEqual(cm.inputs.data, { DATABASE_POOL_SIZE: "10", DATABASE_MAX_OVERFLOW: "5", LOG_LEVEL: "info" });
        const d = named(resources, T.deployment, "api-deployment");
        assert.deepStrictEqual(container(d).envFrom, [{ configMapRef: { name: "api-env" } }]);
        const env = Object.fromEntries(container(d).env.map((e: any) => [e.name, e]));
        assert.deepStrictEqual(Object.keys(env).sort(), ["DATABASE_URL", "OPENAI_API_KEY", "REDIS_URL", "SECRET_KEY"]);
        for (const e of Object.values<any>(env)) {
            assert.strictEqual(e.value, undefined, `${e.name} must not be a literal`);
            assert.ok(e.valueFrom.secretKeyRef);
        }
        assert.deepStrictEqual(env.DATABASE_URL.valueFrom.secretKeyRef, { name: "db-app", key: "url" });
        assert.deepStrictEqual(env.REDIS_URL.valueFrom.secretKeyRef, { name: "redis", key: "url" });
        assert.deepStrictEqual(secrets.externals, ["openai-api-key"]);
        assert.strictEqual(d.inputs.spec.template.metadata.annotations["fake-secrets/workload"], "api");
        // Generated: random password with every class, stored in the backend.
        const pw = named(resources, T.password, "api-secret-key");
        assert.strictEqual(pw.inputs.length, 48);
        for (const k of ["minUpper", "minLower", "minNumeric", "minSpecial"]) assert.ok(pw.inputs[k] >= 1, k);
        assert.deepStrictEqual(
            secrets.stored.map((s) => s.name),
            ["api-generated"],
        );
        assert.deepStrictEqual(Object.keys(secrets.stored[0].values), ["SECRET_KEY"]);
    });

    it("redisEnv parts: where Redis is goes to the ConfigMap, only the password comes from the backend (the Tria app)", async () => {
        const config = buildConfig("dev", (r) => {
            Object.assign(r.services[0], { uses: { redis: true }, redisEnv: "parts" });
            r.redis = { kind: "cluster" };
        });
        const { resources } = await runLayers(config);
        const cm = named(resources, T.configMap, "api-env");
        assert.deepStrictEqual(cm.inputs.data, {
            REDIS_HOST: "shop-redis.shop-dev.svc.cluster.local",
            REDIS_PORT: "6379",
            REDIS_DB: "0",
            REDIS_SSL: "false",
        });
        const env = Object.fromEntries(container(named(resources, T.deployment, "api-deployment")).env.map((e: any) => [e.name, e]));
        assert.deepStrictEqual(Object.keys(env), ["REDIS_PASSWORD"]);
        assert.deepStrictEqual(env.REDIS_PASSWORD.valueFrom.secretKeyRef, { name: "redis", key: "password" });
    });

    it("a changed plain env value rolls the pods (checksum annotation)", async () => {
        const a = await runLayers(
            buildConfig("dev", (r) => {
                r.services[0].env = { LOG_LEVEL: "info" };
            }),
        );
        const b = await runLayers(
            buildConfig("dev", (r) => {
                r.services[0].env = { LOG_LEVEL: "debug" };
            }),
        );
        const sum = (res: typeof a) =>
            named(res.resources, T.deployment, "api-deployment").inputs.spec.template.metadata.annotations["prod-stack.io/env-checksum"];
        assert.notStrictEqual(sum(a), sum(b));
    });

    it("migrations Job: command, restricted pod, backoffLimit, TTL, direct DB URL; every track depends on it", async () => {
        const config = buildConfig("prod", (r) => {
            Object.assign(r.services[0], {
                uses: { database: true },
                migrations: { command: ["alembic", "upgrade", "head"], backoffLimit: 4 },
            });
            r.database = { kind: "rds", multiAz: true };
        });
        const { resources } = await runLayers(config);
        const job = named(resources, T.job, "api-migrate");
        assert.strictEqual(job.inputs.spec.backoffLimit, 4);
        assert.ok(job.inputs.spec.ttlSecondsAfterFinished > 0);
        const c = container(job);
        assert.deepStrictEqual(c.command, ["alembic", "upgrade", "head"]);
        assert.strictEqual(c.securityContext.readOnlyRootFilesystem, true);
        assert.ok(c.resources.limits.cpu && c.resources.requests.memory);
        assert.strictEqual(podSpec(job).restartPolicy, "Never");
        const dbUrl = c.env.find((e: any) => e.name === "DATABASE_URL");
        assert.deepStrictEqual(dbUrl.valueFrom.secretKeyRef, { name: "db-admin", key: "url" });
        const d = named(resources, T.deployment, "api-deployment");
        assert.ok(d.options.dependsOn.includes(job.urn));
    });
});

describe("workloads: autoscaling and network policies", () => {
    it("HPA v2: min/max, CPU and memory targets, optional requests-per-second, behavior from config", async () => {
        const { resources } = await runLayers(
            buildConfig("prod", (r) => {
                r.services[0].autoscaling = {
                    min: 10,
                    max: 50,
                    cpuPercent: 60,
                    requestsPerSecond: 100,
                    behavior: { scaleDownStabilizationSeconds: 600, scaleUpPods: 8 },
                };
            }),
        );
        const hpa = named(resources, T.hpa, "api-hpa").inputs.spec;
        assert.deepStrictEqual(hpa.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: "api" });
        assert.strictEqual(hpa.minReplicas, 10);
        assert.strictEqual(hpa.maxReplicas, 50);
        assert.strictEqual(hpa.metrics[0].resource.target.averageUtilization, 60);
        assert.strictEqual(hpa.metrics[1].resource.name, "memory");
        assert.strictEqual(hpa.metrics[2].pods.metric.name, "http_requests_per_second");
        assert.strictEqual(hpa.behavior.scaleDown.stabilizationWindowSeconds, 600);
        assert.deepStrictEqual(hpa.behavior.scaleDown.policies, [{ type: "Percent", value: 10, periodSeconds: 60 }]);
        assert.deepStrictEqual(hpa.behavior.scaleUp.policies[1], { type: "Pods", value: 8, periodSeconds: 15 });
        const d = named(resources, T.deployment, "api-deployment");
        // The HPA owns the count: a static one would be reset on every `pulumi up`.
        assert.strictEqual(d.inputs.spec.replicas, undefined);
    });

    it("no autoscaling: no HPA and the fixed replica count", async () => {
        const { resources } = await runLayers(
            buildConfig("prod", (r) => {
                r.services[0].replicas = 5;
            }),
        );
        assert.strictEqual(ofType(resources, T.hpa).length, 0);
        assert.strictEqual(named(resources, T.deployment, "api-deployment").inputs.spec.replicas, 5);
    });

    it("NetworkPolicy admits exactly edge, Prometheus, callers; egress to pooler, redis, callees, internet 443", async () => {
        const config = buildConfig("dev", (r) => {
            Object.assign(r.services[0], {
                metricsPort: 9090,
                uses: { database: true, redis: true, externalHttps: true, services: ["worker"] },
            });
            r.services.push({
                ...r.services[0],
                name: "worker",
                port: 7000,
                metricsPort: undefined,
                route: undefined,
                uses: { services: [] },
            });
            r.services.push({
                ...r.services[0],
                name: "portal",
                port: 3000,
                metricsPort: undefined,
                route: { hosts: ["app.dev.example.com"] },
                uses: { services: ["api"] },
            });
            r.database = { kind: "patroni" };
            r.redis = { kind: "cluster" };
        });
        const { resources } = await runLayers(config);
        const np = named(resources, T.netpol, "api-netpol").inputs.spec;
        assert.deepStrictEqual(np.podSelector.matchLabels, { "app.kubernetes.io/name": "api", "app.kubernetes.io/component": "app" });
        assert.strictEqual(np.ingress.length, 3);
        assert.deepStrictEqual(np.ingress[0].from[0].podSelector.matchLabels, ENVOY_PROXY_PEER.podSelector);
        assert.deepStrictEqual(np.ingress[0].ports, [{ protocol: "TCP", port: 8000 }]);
        assert.deepStrictEqual(np.ingress[1].from[0].namespaceSelector.matchLabels, PROMETHEUS_PEER.namespaceSelector);
        assert.deepStrictEqual(np.ingress[1].ports, [{ protocol: "TCP", port: 9090 }]);
        assert.deepStrictEqual(np.ingress[2].from, [
            { podSelector: { matchLabels: { "app.kubernetes.io/name": "portal", "app.kubernetes.io/component": "app" } } },
        ]);
        assert.deepStrictEqual(np.egress[0], {
            to: [{ podSelector: { matchLabels: POOLER_SELECTOR } }],
            ports: [{ protocol: "TCP", port: 6432 }],
        });
        assert.deepStrictEqual(np.egress[1].ports, [{ protocol: "TCP", port: 6379 }]);
        assert.deepStrictEqual(np.egress[2].ports, [{ protocol: "TCP", port: 7000 }]);
        assert.strictEqual(np.egress[3].to[0].ipBlock.cidr, "0.0.0.0/0");
        assert.ok(np.egress[3].to[0].ipBlock.except.includes("10.0.0.0/8"));
        // The worker has no route and no external access: only Prometheus and its caller get in; nothing goes out.
        const worker = named(resources, T.netpol, "worker-netpol").inputs.spec;
        assert.strictEqual(worker.ingress.length, 2);
        assert.deepStrictEqual(worker.egress, []);
    });

    it("RDS/ElastiCache peers outside the cluster become ipBlocks", async () => {
        const { runWithMocks } = await import("../../../tools/mock-runner/harness");
        const { deployPlatform } = await import("../../../components/platform/deploy");
        const { deployWorkloads } = await import("../../../components/workload/deploy");
        const { fakeSecrets, fakeCache, fakeEdge } = await import("../support/fake-layers");
        const config = buildConfig("prod", (r) => {
            r.services[0].uses = { redis: true };
            r.redis = { kind: "elasticache" };
        });
        const result = await runWithMocks(
            () => {
                const ctx = deployPlatform(config);
                deployWorkloads(ctx, {
                    secrets: fakeSecrets(),
                    cache: fakeCache({ kind: "elasticache", peer: { ipBlocks: ["10.0.8.0/24"], ports: [6379] } }),
                    edge: fakeEdge(),
                });
            },
            { stack: "prod" },
        );
        const np = named(result.resources, T.netpol, "api-netpol").inputs.spec;
        assert.deepStrictEqual(np.egress[0], { to: [{ ipBlock: { cidr: "10.0.8.0/24" } }], ports: [{ protocol: "TCP", port: 6379 }] });
    });
});

describe("workloads: volumes, progressive delivery, images", () => {
    it("a per-replica volume makes a protected StatefulSet with a claim template (metrics-service SQLite)", async () => {
        const { resources } = await runLayers(
            buildConfig("prod", (r) => {
                r.services[0].volume = { mountPath: "/data", size: "5Gi", storageClass: "gp3" };
                // Prod backs up what the volume holds (backup.enabled alone would back up nothing: a config error).
                r.backup = {
                    sqlite: { image: pinnedImage("registry.example.com/backup-sqlite"), files: [{ service: "api", path: "/data/app.db" }] },
                };
            }),
        );
        assert.strictEqual(ofType(resources, T.deployment).length, 0);
        const sts = named(resources, T.statefulSet, "api-statefulset");
        assert.strictEqual(sts.options.protect, true);
        assert.strictEqual(sts.inputs.spec.serviceName, "api-headless");
        const governing = named(resources, T.service, "api-headless");
        assert.strictEqual(governing.inputs.spec.clusterIP, "None");
        assert.ok(sts.options.dependsOn.includes(governing.urn));
        const tpl = sts.inputs.spec.volumeClaimTemplates[0];
        assert.deepStrictEqual(tpl.spec.resources.requests, { storage: "5Gi" });
        assert.strictEqual(tpl.spec.storageClassName, "gp3");
        assert.ok(container(sts).volumeMounts.some((m: any) => m.mountPath === "/data" && m.name === tpl.metadata.name));
    });

    it("a shared volume becomes one PVC mounted by the Deployment (Recreate for ReadWriteOnce)", async () => {
        const { resources } = await runLayers(
            buildConfig("dev", (r) => {
                r.services[0].volume = { mountPath: "/data", size: "1Gi", sharing: "shared" };
            }),
        );
        const pvc = named(resources, T.pvc, "api-data");
        assert.deepStrictEqual(pvc.inputs.spec.accessModes, ["ReadWriteOnce"]);
        const d = named(resources, T.deployment, "api-deployment");
        assert.deepStrictEqual(d.inputs.spec.strategy, { type: "Recreate" });
        assert.ok(podSpec(d).volumes.some((v: any) => v.persistentVolumeClaim?.claimName === "api-data"));
    });

    it("canary: second Deployment and Service with the canary image; weights in backends", async () => {
        const { resources, workloads } = await runLayers(
            buildConfig("prod", (r) => {
                r.services[0].progressive = { strategy: "canary", image: pinnedImage("ghcr.io/example/api", "1.1.0"), weight: 20 };
            }),
        );
        assert.strictEqual(
            container(named(resources, T.deployment, "api-canary-deployment")).image,
            pinnedImage("ghcr.io/example/api", "1.1.0"),
        );
        assert.strictEqual(named(resources, T.deployment, "api-canary-deployment").inputs.spec.replicas, 1);
        assert.strictEqual(named(resources, T.service, "api-canary-service").inputs.spec.selector["prod-stack.io/track"], "canary");
        assert.strictEqual(named(resources, T.service, "api-service").inputs.spec.selector["prod-stack.io/track"], "stable");
        assert.deepStrictEqual(workloads[0].backends, [
            { serviceName: "api", weight: 80 },
            { serviceName: "api-canary", weight: 20 },
        ]);
    });

    it("blue-green: two tracks, 0/100 by the active color", async () => {
        const edit = (active: string) => (r: any) => {
            r.services[0].progressive = {
                strategy: "blue-green",
                blueImage: pinnedImage("ghcr.io/example/api", "1.0.0"),
                greenImage: pinnedImage("ghcr.io/example/api", "2.0.0"),
                active,
            };
        };
        const blue = await runLayers(buildConfig("prod", edit("blue")));
        assert.deepStrictEqual(blue.workloads[0].backends, [
            { serviceName: "api-blue", weight: 100 },
            { serviceName: "api-green", weight: 0 },
        ]);
        assert.strictEqual(named(blue.resources, T.service, "api-service").inputs.spec.selector["prod-stack.io/track"], "blue");
        const green = await runLayers(buildConfig("prod", edit("green")));
        assert.deepStrictEqual(
            green.workloads[0].backends.map((b) => b.weight),
            [0, 100],
        );
        assert.strictEqual(
            container(named(green.resources, T.deployment, "api-green-deployment")).image,
            pinnedImage("ghcr.io/example/api", "2.0.0"),
        );
        assert.strictEqual(ofType(green.resources, T.hpa).length + ofType(green.resources, T.pdb).length, 2);
    });

    it("aws target with build: immutable, scanned ECR repository and a docker build tagged by content", async () => {
        const { resources } = await runLayers(
            buildConfig("prod", (r) => {
                delete r.services[0].image;
                r.services[0].build = { context: "./app" };
            }),
        );
        const repo = ofType(resources, T.ecr)[0];
        assert.strictEqual(repo.inputs.imageTagMutability, "IMMUTABLE");
        assert.strictEqual(repo.inputs.imageScanningConfiguration.scanOnPush, true);
        assert.strictEqual(repo.options.protect, true);
        const image = ofType(resources, T.dockerImage)[0];
        assert.match(image.inputs.imageName, /dkr\.ecr\.eu-west-1\.amazonaws\.com\/shop\/prod\/api:src-[0-9a-f]{16}$/);
        assert.strictEqual(image.inputs.build.dockerfile, "app/Dockerfile");
    });
});

describe("workloads: Third Eye-like stack", () => {
    it("three services, a websocket API with HPA 10..50 and a SQLite metrics service as StatefulSet", async () => {
        const config = buildConfig("prod", (r) => {
            const base = r.services[0];
            r.services = [
                {
                    ...base,
                    name: "api",
                    autoscaling: { min: 10, max: 50 },
                    route: { hosts: ["api.example.com"], websocket: true },
                    uses: { database: true, redis: true, externalHttps: true },
                    migrations: { command: ["python", "-m", "alembic", "upgrade", "head"] },
                },
                { ...base, name: "portal", port: 3000, route: { hosts: ["portal.example.com"] }, uses: { services: ["api"] } },
                {
                    ...base,
                    name: "metrics",
                    port: 9465,
                    replicas: 3,
                    route: undefined,
                    volume: { mountPath: "/var/lib/metrics", size: "10Gi" },
                },
            ];
            r.database = { kind: "rds", multiAz: true };
            r.redis = { kind: "elasticache" };
        });
        const { resources, workloads } = await runLayers(config);
        assert.deepStrictEqual(
            workloads.map((w) => w.name),
            ["api", "portal", "metrics"],
        );
        assert.strictEqual(named(resources, T.hpa, "api-hpa").inputs.spec.maxReplicas, 50);
        assert.ok(named(resources, T.statefulSet, "metrics-statefulset"));
        assert.strictEqual(ofType(resources, T.deployment).length, 2);
        assert.strictEqual(ofType(resources, T.job).length, 1);
    });
});

describe("workloads: env delivered as a file (Vault agent)", () => {
    it("the command sources the backend's env file before exec; without a file the command is untouched", async () => {
        const { runWithMocks } = await import("../../../tools/mock-runner/harness");
        const { deployPlatform } = await import("../../../components/platform/deploy");
        const { deployWorkloads } = await import("../../../components/workload/deploy");
        const { fakeSecrets, fakeEdge } = await import("../support/fake-layers");
        const config = buildConfig("dev", (r) => {
            r.services[0].command = ["uvicorn", "app:main"];
            r.services[0].args = ["--port", "8000"];
        });
        const secrets = fakeSecrets();
        const forWorkload = secrets.forWorkload;
        secrets.forWorkload = (w, env) => ({ ...forWorkload(w, env), envFile: "/vault/secrets/env" });
        const result = await runWithMocks(
            () => {
                deployWorkloads(deployPlatform(config), { secrets, edge: fakeEdge() });
            },
            { stack: "dev" },
        );
        const c = container(named(result.resources, T.deployment, "api-deployment"));
        assert.deepStrictEqual(c.command, [
            "/bin/sh",
            "-c",
            '. /vault/secrets/env && exec "$@"',
            "--",
            "uvicorn",
            "app:main",
            "--port",
            "8000",
        ]);
        assert.strictEqual(c.args, undefined);
        const plain = await runLayers(config);
        assert.deepStrictEqual(container(named(plain.resources, T.deployment, "api-deployment")).command, ["uvicorn", "app:main"]);
    });
});
