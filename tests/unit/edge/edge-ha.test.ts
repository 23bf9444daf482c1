/** The highly available, resilient edge: data plane, load balancer, resilience, per-key limits, headers, DNS. */
import * as assert from "assert";
import { named, ofType } from "../../../tools/mock-runner/harness";
import { buildConfig, rawConfig } from "../support/config-fixtures";
import { runLayers, T } from "../support/run-layers";
import { ADDON_VERSIONS } from "../../../components/addons/versions";
import { parseStackConfig } from "../../../components/config";
import { envoyGatewayConfig } from "../../../components/addons/envoy-gateway";

const IAM_ROLE = "aws:iam/role:Role";
const IAM_ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

const chartOf = (resources: Awaited<ReturnType<typeof runLayers>>["resources"], chart: string) =>
    ofType(resources, T.chart).find((c) => c.inputs.chart === chart);

/** Every issue of a raw config edit, rendered as the user sees it. */
function issuesOf(env: "dev" | "staging" | "prod", edit: (raw: Record<string, any>) => void): string[] {
    const raw = structuredClone(rawConfig(env));
    edit(raw);
    const result = parseStackConfig(raw);
    return result.ok ? [] : result.issues.map((i) => `${i.path}: expected ${i.expected}, found ${i.found}; fix: ${i.fix ?? ""}`);
}

describe("edge: the Envoy data plane (EnvoyProxy)", () => {
    it("prod: 3 proxy replicas, HPA from 3, a PDB, zone spread required; the Gateway references it", async () => {
        const { resources } = await runLayers(buildConfig("prod"));
        const proxy = named(resources, T.envoyProxy, "shop-edge-proxy");
        assert.strictEqual(proxy.inputs.metadata.name, "shop-proxy");
        assert.strictEqual(proxy.inputs.metadata.namespace, "shop-prod");
        const k = proxy.inputs.spec.provider.kubernetes;
        assert.strictEqual(proxy.inputs.spec.provider.type, "Kubernetes");
        assert.strictEqual(k.envoyDeployment.replicas, 3);
        assert.strictEqual(k.envoyHpa.minReplicas, 3);
        assert.strictEqual(k.envoyHpa.maxReplicas, 10);
        assert.strictEqual(k.envoyHpa.metrics[0].resource.target.averageUtilization, 70);
        assert.deepStrictEqual(k.envoyPDB, { maxUnavailable: 1 });
        const zone = k.envoyDeployment.pod.topologySpreadConstraints.find((c: any) => c.topologyKey === "topology.kubernetes.io/zone");
        assert.strictEqual(zone.whenUnsatisfiable, "DoNotSchedule");
        assert.deepStrictEqual(zone.labelSelector.matchLabels, {
            "gateway.envoyproxy.io/owning-gateway-name": "shop-gateway",
            "gateway.envoyproxy.io/owning-gateway-namespace": "shop-prod",
        });
        const gw = ofType(resources, T.gateway)[0];
        assert.deepStrictEqual(gw.inputs.spec.infrastructure.parametersRef, {
            group: "gateway.envoyproxy.io",
            kind: "EnvoyProxy",
            name: "shop-proxy",
        });
    });

    it("aws: the proxy Service is an internet-facing NLB (ip targets, cross-zone, client IP preserved)", async () => {
        const { resources } = await runLayers(buildConfig("prod"));
        const svc = named(resources, T.envoyProxy, "shop-edge-proxy").inputs.spec.provider.kubernetes.envoyService;
        assert.strictEqual(svc.type, "LoadBalancer");
        assert.strictEqual(svc.loadBalancerClass, "service.k8s.aws/nlb");
        assert.strictEqual(svc.externalTrafficPolicy, "Local");
        assert.strictEqual(svc.annotations["service.beta.kubernetes.io/aws-load-balancer-nlb-target-type"], "ip");
        assert.strictEqual(svc.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"], "internet-facing");
        assert.strictEqual(
            svc.annotations["service.beta.kubernetes.io/aws-load-balancer-attributes"],
            "load_balancing.cross_zone.enabled=true",
        );
        assert.strictEqual(
            svc.annotations["service.beta.kubernetes.io/aws-load-balancer-target-group-attributes"],
            "preserve_client_ip.enabled=true",
        );
    });

    it("cluster target (dev): no AWS annotations, one proxy and no PDB (it would block every drain)", async () => {
        const { resources } = await runLayers(buildConfig("dev"));
        const k = named(resources, T.envoyProxy, "shop-edge-proxy").inputs.spec.provider.kubernetes;
        assert.strictEqual(k.envoyService.annotations, undefined);
        assert.strictEqual(k.envoyService.loadBalancerClass, undefined);
        assert.strictEqual(k.envoyDeployment.replicas, 1);
        assert.strictEqual(k.envoyPDB, undefined);
    });

    it("staging and prod refuse a single proxy replica, naming the key", () => {
        const issues = issuesOf("prod", (r) => {
            r.edge.proxy = { replicas: 1 };
        });
        assert.ok(
            issues.some((i) => i.startsWith("edge.proxy.replicas: expected >= 2") && i.includes("at least 2 proxy replicas")),
            issues.join("\n"),
        );
    });
});

describe("edge: AWS Load Balancer Controller", () => {
    it("aws: pinned chart with clusterName, region, VPC and an IRSA role for its service account", async () => {
        const { resources } = await runLayers(buildConfig("prod"));
        const lbc = chartOf(resources, "aws-load-balancer-controller")!;
        assert.strictEqual(lbc.inputs.version, ADDON_VERSIONS.awsLoadBalancerController.version);
        assert.strictEqual(lbc.inputs.repositoryOpts.repo, "https://aws.github.io/eks-charts");
        assert.strictEqual(lbc.inputs.values.clusterName, "shop-eks");
        assert.strictEqual(lbc.inputs.values.region, "eu-west-1");
        assert.strictEqual(lbc.inputs.values.vpcId, "vpc-0abc12345def67890");
        // Its namespace enforces the restricted Pod Security level, which the chart's defaults do not meet.
        assert.deepStrictEqual(lbc.inputs.values.podSecurityContext.seccompProfile, { type: "RuntimeDefault" });
        assert.deepStrictEqual(lbc.inputs.values.securityContext.capabilities, { drop: ["ALL"] });
        assert.match(lbc.inputs.values.serviceAccount.annotations["eks.amazonaws.com/role-arn"], /^arn:aws:iam::/);
        const role = named(resources, IAM_ROLE, "shop-lb-controller-role");
        const trust = JSON.parse(role.inputs.assumeRolePolicy);
        assert.strictEqual(
            trust.Statement[0].Condition.StringEquals["oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789:sub"],
            "system:serviceaccount:aws-load-balancer-controller:aws-load-balancer-controller",
        );
        const policy = JSON.parse(named(resources, IAM_ROLE_POLICY, "shop-lb-controller-policy").inputs.policy);
        const deletes = policy.Statement.find((s: any) => s.Action.includes("elasticloadbalancing:DeleteLoadBalancer"));
        assert.deepStrictEqual(deletes.Condition, { Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } });
    });

    it("not on the cluster target; on aws the cluster name is required (config error with the fix)", async () => {
        assert.strictEqual(chartOf((await runLayers(buildConfig("dev"))).resources, "aws-load-balancer-controller"), undefined);
        const issues = issuesOf("prod", (r) => {
            delete r.aws.clusterName;
        });
        assert.ok(
            issues.some((i) => i.startsWith("aws.clusterName: expected the EKS cluster name") && i.includes("aws eks list-clusters")),
            issues.join("\n"),
        );
        assert.deepStrictEqual(
            issuesOf("prod", (r) => {
                delete r.aws.clusterName;
                r.addons = { awsLoadBalancerController: false };
            }),
            [],
        );
    });
});

describe("edge: resilience per service (BackendTrafficPolicy)", () => {
    it("prod: circuit breaker with a retry budget, outlier detection, retries of unprocessed requests with a per-try timeout", async () => {
        const { resources } = await runLayers(buildConfig("prod"));
        const spec = named(resources, T.backendPolicy, "api-public-traffic-policy").inputs.spec;
        assert.deepStrictEqual(spec.circuitBreaker, {
            maxConnections: 1024,
            maxPendingRequests: 256,
            maxParallelRequests: 1024,
            retryBudget: { percent: { numerator: 20, denominator: 100 }, minRetryConcurrency: 3 },
        });
        assert.strictEqual(spec.healthCheck.passive.consecutive5XxErrors, 5);
        assert.strictEqual(spec.healthCheck.passive.baseEjectionTime, "30s");
        assert.strictEqual(spec.healthCheck.passive.maxEjectionPercent, 50);
        assert.strictEqual(spec.retry.numRetries, 2);
        assert.strictEqual(spec.retry.perRetry.timeout, "20s");
        assert.ok(!spec.retry.retryOn.triggers.includes("5xx"), "a request the app started processing is never replayed");
        assert.deepStrictEqual(spec.retry.retryOn.httpStatusCodes, [503]);
    });

    it("dev leaves it off (preset); a service's own settings win, and enabled: false removes it", async () => {
        const dev = named((await runLayers(buildConfig("dev"))).resources, T.backendPolicy, "api-public-traffic-policy").inputs.spec;
        assert.strictEqual(dev.circuitBreaker, undefined);
        assert.strictEqual(dev.retry, undefined);
        const tuned = await runLayers(
            buildConfig("dev", (r) => {
                r.services[0].route.resilience = { maxPendingRequests: 64, numRetries: 1, perTryTimeoutSeconds: 5 };
            }),
        );
        const spec = named(tuned.resources, T.backendPolicy, "api-public-traffic-policy").inputs.spec;
        assert.strictEqual(spec.circuitBreaker.maxPendingRequests, 64);
        assert.strictEqual(spec.retry.numRetries, 1);
        assert.strictEqual(spec.retry.perRetry.timeout, "5s");
        const off = await runLayers(
            buildConfig("prod", (r) => {
                r.services[0].route.resilience = { enabled: false };
            }),
        );
        assert.strictEqual(named(off.resources, T.backendPolicy, "api-public-traffic-policy").inputs.spec.circuitBreaker, undefined);
    });
});

describe("edge: per-API-key rate limit (global, on the stack's Redis)", () => {
    const withKeyLimit = (r: Record<string, any>) => {
        r.redis = { kind: "elasticache" };
        r.services[0].uses = { redis: true };
        r.edge.rateLimit = { perApiKey: { requestsPerMinute: 100 } };
    };

    it("a Global rule per distinct X-API-Key value, 100 per minute, beside the per-IP local limit", async () => {
        const { resources } = await runLayers(buildConfig("prod", withKeyLimit));
        const rl = named(resources, T.backendPolicy, "api-public-traffic-policy").inputs.spec.rateLimit;
        assert.deepStrictEqual(rl.global.rules, [
            { clientSelectors: [{ headers: [{ name: "X-API-Key", type: "Distinct" }] }], limit: { requests: 100, unit: "Minute" } },
        ]);
        assert.strictEqual(rl.local.rules[0].limit.requests, 20);
        const plain = named((await runLayers(buildConfig("prod"))).resources, T.backendPolicy, "api-public-traffic-policy");
        assert.strictEqual(plain.inputs.spec.rateLimit.global, undefined);
    });

    it("Envoy Gateway's rate limit service uses the stack's Redis (TLS where it requires it) and reads REDIS_AUTH from a Secret", async () => {
        const { resources } = await runLayers(buildConfig("prod", withKeyLimit));
        const eg = chartOf(resources, ADDON_VERSIONS.envoyGateway.chart)!.inputs.values.config.envoyGateway;
        assert.deepStrictEqual(eg.rateLimit.backend, { type: "Redis", redis: { url: "shop-redis.shop-dev.svc.cluster.local:6379" } });
        const env = eg.provider.kubernetes.rateLimitDeployment.container.env;
        assert.deepStrictEqual(env, [
            { name: "REDIS_AUTH", valueFrom: { secretKeyRef: { name: "shop-prod-ratelimit-redis", key: "password" } } },
        ]);
        const tls = envoyGatewayConfig(buildConfig("prod", withKeyLimit), { host: "redis.example", port: 6379, tls: true }) as any;
        assert.deepStrictEqual(tls.rateLimit.backend.redis.tls, {});
        const plain = chartOf((await runLayers(buildConfig("prod"))).resources, ADDON_VERSIONS.envoyGateway.chart)!;
        assert.strictEqual(plain.inputs.values.config, undefined);
    });

    it("without a redis section the per-key limit is a config error naming the key and the fix", () => {
        const issues = issuesOf("prod", (r) => {
            r.edge.rateLimit = { perApiKey: { requestsPerMinute: 100 } };
        });
        assert.ok(
            issues.some((i) => i.startsWith("edge.rateLimit.perApiKey: expected a `redis` section") && i.includes("fix: add redis")),
            issues.join("\n"),
        );
    });
});

describe("edge: X-Frame-Options, CSP frame-ancestors, HSTS preload", () => {
    const headers = async (edit: (r: Record<string, any>) => void) => {
        const { resources } = await runLayers(buildConfig("prod", edit));
        const rule = named(resources, T.httpRoute, "api-public-route").inputs.spec.rules.find((r: any) => r.name === "app");
        return Object.fromEntries(rule.filters[0].responseHeaderModifier.set.map((h: any) => [h.name, h.value]));
    };

    it("SAMEORIGIN with frame-ancestors 'self' (guide 000); preload appended where configured", async () => {
        const h = await headers((r) => {
            r.edge.frameOptions = "SAMEORIGIN";
            r.edge.contentSecurityPolicy = "default-src 'self'; frame-ancestors 'self'";
            r.edge.hstsMaxAgeSeconds = 63072000;
            r.edge.hstsPreload = true;
        });
        assert.strictEqual(h["X-Frame-Options"], "SAMEORIGIN");
        assert.strictEqual(h["Strict-Transport-Security"], "max-age=63072000; includeSubDomains; preload");
        assert.strictEqual((await headers(() => undefined))["Strict-Transport-Security"], "max-age=31536000; includeSubDomains");
        const derived = await headers((r) => {
            r.edge.contentSecurityPolicy = "default-src 'self'; frame-ancestors 'self'";
        });
        assert.strictEqual(derived["X-Frame-Options"], "SAMEORIGIN", "unset, it follows the CSP's frame-ancestors");
    });

    it("a contradiction between X-Frame-Options and frame-ancestors is a config error with the fix", () => {
        const issues = issuesOf("prod", (r) => {
            r.edge.frameOptions = "SAMEORIGIN";
        });
        assert.ok(
            issues.some(
                (i) =>
                    i.startsWith("edge.frameOptions: expected X-Frame-Options SAMEORIGIN consistent with the CSP's frame-ancestors") &&
                    i.includes("fix: set contentSecurityPolicy frame-ancestors to 'self'"),
            ),
            issues.join("\n"),
        );
        assert.deepStrictEqual(
            issuesOf("prod", (r) => {
                r.edge.frameOptions = "SAMEORIGIN";
                r.edge.contentSecurityPolicy = "default-src 'self'";
            }),
            [],
            "a CSP without frame-ancestors leaves framing to X-Frame-Options",
        );
    });

    it("preload needs a max-age of at least a year", () => {
        const issues = issuesOf("prod", (r) => {
            r.edge.hstsPreload = true;
            r.edge.hstsMaxAgeSeconds = 86400;
        });
        assert.ok(
            issues.some((i) => i.startsWith("edge.hstsMaxAgeSeconds: expected at least 31536000")),
            issues.join("\n"),
        );
    });

    it("Traefik gets the same answers (customFrameOptionsValue, stsPreload)", async () => {
        const { resources } = await runLayers(
            buildConfig("prod", (r) => {
                r.edge.mode = "ingress";
                r.edge.ingressClass = "traefik";
                r.edge.frameOptions = "SAMEORIGIN";
                r.edge.contentSecurityPolicy = "default-src 'self'; frame-ancestors 'self'";
                r.edge.hstsPreload = true;
            }),
        );
        const h = named(resources, T.middleware, "api-public-headers").inputs.spec.headers;
        assert.strictEqual(h.customFrameOptionsValue, "SAMEORIGIN");
        assert.strictEqual(h.frameDeny, undefined);
        assert.strictEqual(h.stsPreload, true);
    });
});

describe("edge: DNS (external-dns)", () => {
    const withDns = (r: Record<string, any>) => {
        r.edge.dns = { enabled: true, hostedZoneId: "Z0123456789ABCDEFGHIJ" };
    };

    it("aws: pinned chart, HTTPRoute source only, the stack's namespace, TXT owner appName-environment, the routed hosts", async () => {
        const { resources } = await runLayers(buildConfig("prod", withDns));
        const chart = chartOf(resources, "external-dns")!;
        assert.strictEqual(chart.inputs.version, ADDON_VERSIONS.externalDns.version);
        assert.strictEqual(chart.inputs.repositoryOpts.repo, "https://kubernetes-sigs.github.io/external-dns/");
        assert.strictEqual(chart.inputs.namespace, "shop-prod-dns");
        const v = chart.inputs.values;
        assert.deepStrictEqual(v.sources, ["gateway-httproute"]);
        assert.strictEqual(v.provider.name, "aws");
        assert.strictEqual(v.txtOwnerId, "shop-prod");
        assert.deepStrictEqual(v.domainFilters, ["api.prod.example.com"]);
        assert.strictEqual(v.namespaced, true);
        assert.strictEqual(v.gatewayNamespace, "shop-prod");
        assert.strictEqual(v.sourceNamespace, "shop-prod");
        assert.deepStrictEqual(v.extraArgs, ["--zone-id-filter=Z0123456789ABCDEFGHIJ"]);
        assert.match(v.serviceAccount.annotations["eks.amazonaws.com/role-arn"], /^arn:aws:iam::/);
        const trust = JSON.parse(named(resources, IAM_ROLE, "shop-external-dns-role").inputs.assumeRolePolicy);
        assert.strictEqual(
            trust.Statement[0].Condition.StringEquals["oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789:sub"],
            "system:serviceaccount:shop-prod-dns:external-dns",
        );
        const policy = JSON.parse(named(resources, IAM_ROLE_POLICY, "shop-external-dns-route53").inputs.policy);
        const change = policy.Statement.find((s: any) => s.Action.includes("route53:ChangeResourceRecordSets"));
        assert.deepStrictEqual(change.Resource, ["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"]);
    });

    it("two stacks on one cluster own different TXT ids, namespaces and Issuers", async () => {
        const a = await runLayers(buildConfig("prod", withDns));
        const b = await runLayers(
            buildConfig("prod", (r) => {
                withDns(r);
                r.appName = "shop2";
                r.services[0].route.hosts = ["api.shop2.example.com"];
            }),
        );
        const owner = (run: typeof a) => chartOf(run.resources, "external-dns")!.inputs.values.txtOwnerId;
        assert.notStrictEqual(owner(a), owner(b));
        const issuerKeys = (run: typeof a) =>
            ofType(run.resources, T.issuer).map((i) => `${i.inputs.metadata.namespace}/${i.inputs.metadata.name}`);
        assert.ok(!issuerKeys(a).some((k) => issuerKeys(b).includes(k)), "no Issuer object is shared");
    });

    it("cluster target: the configured provider with credentials from a named Secret; off by default", async () => {
        assert.strictEqual(chartOf((await runLayers(buildConfig("prod"))).resources, "external-dns"), undefined);
        const { resources } = await runLayers(
            buildConfig("dev", (r) => {
                r.addons = {};
                r.edge.dns = { enabled: true, provider: "cloudflare", credentials: { secret: "cloudflare-api", keys: ["CF_API_TOKEN"] } };
            }),
        );
        const v = chartOf(resources, "external-dns")!.inputs.values;
        assert.strictEqual(v.provider.name, "cloudflare");
        assert.deepStrictEqual(v.env, [
            { name: "CF_API_TOKEN", valueFrom: { secretKeyRef: { name: "cloudflare-api", key: "CF_API_TOKEN" } } },
        ]);
        assert.strictEqual(ofType(resources, IAM_ROLE).length, 0);
    });

    it("missing hosted zone or credentials are config errors naming the key", () => {
        assert.ok(
            issuesOf("prod", (r) => {
                r.edge.dns = { enabled: true };
            }).some((i) => i.startsWith("edge.dns.hostedZoneId: expected the Route53 hosted zone id")),
        );
        assert.ok(
            issuesOf("dev", (r) => {
                r.edge.dns = { enabled: true, provider: "cloudflare" };
            }).some((i) => i.startsWith("edge.dns.credentials: expected the Secret and keys")),
        );
        assert.ok(
            issuesOf("dev", (r) => {
                r.edge.dns = { enabled: true, hostedZoneId: "Z0123456789ABCDEFGHIJ" };
            }).some((i) => i.startsWith("edge.dns.credentials: expected the Secret with Route53 credentials on the cluster target")),
        );
    });
});
