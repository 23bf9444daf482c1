import * as assert from "assert";
import { named, ofType } from "../../../tools/mock-runner/harness";
import { buildConfig, pinnedImage } from "../support/config-fixtures";
import { runLayers, T } from "../support/run-layers";
import { ADDON_VERSIONS } from "../../../components/addons/versions";

const rule0 = (route: { inputs: Record<string, any> }) => route.inputs.spec.rules.find((r: any) => r.name === "app");
const headersOf = (route: { inputs: Record<string, any> }) =>
    Object.fromEntries(rule0(route).filters[0].responseHeaderModifier.set.map((h: any) => [h.name, h.value]));

describe("edge: add-ons, issuers, gateway", () => {
    it("prod installs cert-manager (Gateway API on) and Envoy Gateway at pinned versions, and the GatewayClass", async () => {
        const { resources } = await runLayers(buildConfig("prod"));
        const charts = ofType(resources, T.chart);
        const cm = charts.find((c) => c.inputs.chart === "cert-manager")!;
        assert.strictEqual(cm.inputs.version, ADDON_VERSIONS.certManager.version);
        assert.strictEqual(cm.inputs.repositoryOpts.repo, "https://charts.jetstack.io");
        assert.strictEqual(cm.inputs.values.config.enableGatewayAPI, true);
        assert.strictEqual(cm.inputs.values.crds.enabled, true);
        const eg = charts.find((c) => c.inputs.chart === ADDON_VERSIONS.envoyGateway.chart)!;
        assert.strictEqual(eg.inputs.version, ADDON_VERSIONS.envoyGateway.version);
        assert.notStrictEqual(eg.inputs.skipCrds, true);
        const gc = ofType(resources, T.gatewayClass)[0];
        assert.strictEqual(gc.inputs.metadata.name, "envoy-gateway");
        assert.strictEqual(gc.inputs.spec.controllerName, "gateway.envoyproxy.io/gatewayclass-controller");
    });

    it("add-on switches turn the charts off (dev)", async () => {
        const { resources } = await runLayers(buildConfig("dev"));
        assert.strictEqual(ofType(resources, T.chart).length, 0);
        const on = await runLayers(
            buildConfig("dev", (r) => {
                r.addons = { certManager: true, envoyGateway: false };
            }),
        );
        assert.deepStrictEqual(
            ofType(on.resources, T.chart).map((c) => c.inputs.chart),
            ["cert-manager"],
        );
    });

    it("Issuers letsencrypt-prod and -staging are namespaced (per stack): ACME HTTP-01 through the Gateway, e-mail from config", async () => {
        const { resources } = await runLayers(
            buildConfig("prod", (r) => {
                r.edge.tls.acmeEmail = "certs@shop.example";
            }),
        );
        assert.strictEqual(ofType(resources, T.clusterIssuer).length, 0, "a ClusterIssuer would be shared with every other stack");
        const issuers = ofType(resources, T.issuer);
        assert.deepStrictEqual(issuers.map((i) => i.inputs.metadata.name).sort(), ["letsencrypt-prod", "letsencrypt-staging"]);
        assert.ok(issuers.every((i) => i.inputs.metadata.namespace === "shop-prod"));
        const prod = issuers.find((i) => i.inputs.metadata.name === "letsencrypt-prod")!;
        assert.strictEqual(prod.inputs.spec.acme.server, "https://acme-v02.api.letsencrypt.org/directory");
        assert.strictEqual(prod.inputs.spec.acme.email, "certs@shop.example");
        assert.deepStrictEqual(prod.inputs.spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs[0], {
            name: "shop-gateway",
            namespace: "shop-prod",
            kind: "Gateway",
            sectionName: "http",
        });
    });

    it("Gateway: one HTTPS listener per host with its certificate, an HTTP listener, issuer annotation per environment", async () => {
        const config = buildConfig("prod", (r) => {
            r.services.push({ ...r.services[0], name: "portal", route: { hosts: ["portal.example.com", "admin.example.com"] } });
        });
        const { resources } = await runLayers(config);
        const gw = ofType(resources, T.gateway)[0];
        assert.deepStrictEqual(gw.inputs.metadata.annotations, { "cert-manager.io/issuer": "letsencrypt-prod" });
        assert.strictEqual(gw.inputs.spec.gatewayClassName, "envoy-gateway");
        const listeners = gw.inputs.spec.listeners;
        assert.deepStrictEqual(
            listeners.map((l: any) => `${l.protocol}:${l.port}:${l.hostname ?? "*"}`),
            ["HTTP:80:*", "HTTPS:443:api.prod.example.com", "HTTPS:443:portal.example.com", "HTTPS:443:admin.example.com"],
        );
        assert.deepStrictEqual(listeners[1].tls, {
            mode: "Terminate",
            certificateRefs: [{ kind: "Secret", name: "api-prod-example-com-tls" }],
        });
        const dev = await runLayers(buildConfig("dev"));
        assert.strictEqual(
            ofType(dev.resources, T.gateway)[0].inputs.metadata.annotations["cert-manager.io/issuer"],
            "letsencrypt-staging",
        );
    });

    it("ClientTrafficPolicy sets TLS 1.2+ with strong ciphers; minVersion 1.3 drops the cipher list", async () => {
        const { resources } = await runLayers(buildConfig("prod"));
        const ctp = ofType(resources, T.clientPolicy)[0].inputs.spec;
        assert.deepStrictEqual(ctp.targetRefs, [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shop-gateway" }]);
        assert.strictEqual(ctp.tls.minVersion, "1.2");
        assert.ok(ctp.tls.ciphers.every((c: string) => c.startsWith("ECDHE-") && /GCM|CHACHA20/.test(c)));
        const v13 = await runLayers(
            buildConfig("prod", (r) => {
                r.edge.tls.minVersion = "1.3";
            }),
        );
        const tls = ofType(v13.resources, T.clientPolicy)[0].inputs.spec.tls;
        assert.strictEqual(tls.minVersion, "1.3");
        assert.strictEqual(tls.ciphers, undefined);
    });
});

describe("edge: routes", () => {
    it("HTTPRoute on the host's HTTPS listener with security headers, timeout and the service backend", async () => {
        const { resources } = await runLayers(
            buildConfig("prod", (r) => {
                r.edge.contentSecurityPolicy = "default-src 'none'";
                r.edge.hstsMaxAgeSeconds = 63072000;
            }),
        );
        const route = named(resources, T.httpRoute, "api-public-route");
        assert.deepStrictEqual(route.inputs.spec.parentRefs, [
            { name: "shop-gateway", namespace: "shop-prod", sectionName: "https-api-prod-example-com" },
        ]);
        assert.deepStrictEqual(route.inputs.spec.hostnames, ["api.prod.example.com"]);
        const h = headersOf(route);
        assert.strictEqual(h["Strict-Transport-Security"], "max-age=63072000; includeSubDomains");
        assert.strictEqual(h["X-Frame-Options"], "DENY");
        assert.strictEqual(h["X-Content-Type-Options"], "nosniff");
        assert.strictEqual(h["Referrer-Policy"], "strict-origin-when-cross-origin");
        assert.strictEqual(h["Content-Security-Policy"], "default-src 'none'");
        assert.deepStrictEqual(rule0(route).timeouts, { request: "60s" });
        assert.deepStrictEqual(rule0(route).backendRefs, [{ name: "api", port: 8000, weight: 100 }]);
    });

    it("HTTP listener only redirects to HTTPS", async () => {
        const { resources } = await runLayers(buildConfig("prod"));
        const redirect = named(resources, T.httpRoute, "shop-https-redirect");
        assert.strictEqual(redirect.inputs.spec.parentRefs[0].sectionName, "http");
        assert.deepStrictEqual(redirect.inputs.spec.rules, [
            { filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] },
        ]);
        assert.ok(
            !ofType(resources, T.httpRoute).some(
                (r) => r.name !== "shop-https-redirect" && r.inputs.spec.parentRefs.some((p: any) => p.sectionName === "http"),
            ),
        );
    });

    it("websocket: the 600 s timeout only on the /ws/ rule (guide 000), the rest of the route keeps 60 s; no request buffering", async () => {
        const { resources } = await runLayers(
            buildConfig("prod", (r) => {
                r.services[0].route.websocket = true;
            }),
        );
        const route = named(resources, T.httpRoute, "api-public-route");
        const ws = route.inputs.spec.rules.find((r: any) => r.name === "websocket");
        assert.deepStrictEqual(ws.matches, [{ path: { type: "PathPrefix", value: "/ws/" } }]);
        assert.deepStrictEqual(ws.timeouts, { request: "600s", backendRequest: "600s" });
        assert.deepStrictEqual(ws.backendRefs, [{ name: "api", port: 8000, weight: 100 }]);
        assert.strictEqual(ws.filters[0].type, "ResponseHeaderModifier", "websocket responses carry the security headers too");
        assert.deepStrictEqual(rule0(route).timeouts, { request: "60s" });
        assert.deepStrictEqual(rule0(route).matches, [{ path: { type: "PathPrefix", value: "/" } }]);
        assert.strictEqual(named(resources, T.backendPolicy, "api-public-traffic-policy").inputs.spec.requestBuffer, undefined);
        const plain = await runLayers(buildConfig("prod"));
        assert.ok(!named(plain.resources, T.httpRoute, "api-public-route").inputs.spec.rules.some((r: any) => r.name === "websocket"));
    });

    it("websocket paths outside the route's paths and retries that cannot fit the timeout are config errors naming the key", () => {
        assert.throws(
            () =>
                buildConfig("prod", (r) => {
                    r.services[0].route = { hosts: ["api.prod.example.com"], paths: ["/api"], websocket: true };
                }),
            /services\[api\]\.route\.websocketPaths\[0\]: expected a path under one of route\.paths \(\/api\)/,
        );
        assert.throws(
            () =>
                buildConfig("prod", (r) => {
                    r.services[0].route.timeoutSeconds = 10;
                    r.services[0].route.resilience = { perTryTimeoutSeconds: 10 };
                }),
            /services\[api\]\.route\.resilience\.perTryTimeoutSeconds: expected < route\.timeoutSeconds \(10\)/,
        );
    });

    it("rate limit per client IP follows the environment (prod 20/s, dev 100/s) and the knob; body size limit", async () => {
        const rps = async (config: ReturnType<typeof buildConfig>) =>
            named((await runLayers(config)).resources, T.backendPolicy, "api-public-traffic-policy").inputs.spec;
        const prod = await rps(buildConfig("prod"));
        assert.strictEqual(prod.rateLimit.local.rules[0].limit.requests, 20);
        assert.strictEqual(prod.rateLimit.local.rules[0].clientSelectors[0].sourceCIDR.type, "Distinct");
        assert.strictEqual(prod.requestBuffer.limit, "10Mi");
        assert.deepStrictEqual(prod.targetRefs, [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "api" }]);
        assert.strictEqual((await rps(buildConfig("dev"))).rateLimit.local.rules[0].limit.requests, 100);
        const tuned = await rps(
            buildConfig("prod", (r) => {
                r.edge.rateLimit = { requestsPerSecond: 7 };
                r.edge.maxBodySize = "50Mi";
            }),
        );
        assert.strictEqual(tuned.rateLimit.local.rules[0].limit.requests, 7);
        assert.strictEqual(tuned.requestBuffer.limit, "50Mi");
    });

    it("CORS SecurityPolicy lists exactly the configured origins; none configured, no policy", async () => {
        const { resources } = await runLayers(
            buildConfig("prod", (r) => {
                r.edge.cors.allowOrigins = ["https://a.example.com", "https://b.example.com"];
            }),
        );
        const sp = named(resources, T.securityPolicy, "api-public-security-policy").inputs.spec;
        assert.deepStrictEqual(sp.cors.allowOrigins, ["https://a.example.com", "https://b.example.com"]);
        assert.strictEqual(sp.cors.maxAge, "600s");
        const none = await runLayers(
            buildConfig("dev", (r) => {
                r.edge.cors.allowOrigins = [];
            }),
        );
        assert.strictEqual(ofType(none.resources, T.securityPolicy).length, 0);
    });

    it("the metrics path is never routed publicly: a 404 rule when the public port serves it, nothing when it has its own port", async () => {
        const { resources } = await runLayers(buildConfig("prod"));
        const route = named(resources, T.httpRoute, "api-public-route");
        const deny = route.inputs.spec.rules.find((r: any) => !r.backendRefs);
        assert.deepStrictEqual(deny.matches, [{ path: { type: "PathPrefix", value: "/metrics" } }]);
        assert.strictEqual(deny.filters.find((f: any) => f.type === "ExtensionRef").extensionRef.name, "api-deny-metrics");
        assert.ok(
            deny.filters.some((f: any) => f.type === "ResponseHeaderModifier"),
            "the 404 answer carries the security headers too",
        );
        assert.strictEqual(named(resources, T.routeFilter, "api-public-deny-metrics").inputs.spec.directResponse.statusCode, 404);
        const separate = await runLayers(
            buildConfig("prod", (r) => {
                r.services[0].metricsPort = 9090;
            }),
        );
        assert.strictEqual(named(separate.resources, T.httpRoute, "api-public-route").inputs.spec.rules.length, 1);
        assert.strictEqual(ofType(separate.resources, T.routeFilter).length, 0);
        const narrow = await runLayers(
            buildConfig("prod", (r) => {
                // Still reaches the liveness path (a route must publish a health endpoint), not /metrics.
                r.services[0].route.paths = ["/api", "/health"];
            }),
        );
        assert.strictEqual(ofType(narrow.resources, T.routeFilter).length, 0);
    });

    it("canary weights reach the HTTPRoute backendRefs", async () => {
        const { resources } = await runLayers(
            buildConfig("prod", (r) => {
                r.services[0].progressive = { strategy: "canary", image: pinnedImage("ghcr.io/example/api", "1.1.0"), weight: 5 };
            }),
        );
        assert.deepStrictEqual(rule0(named(resources, T.httpRoute, "api-public-route")).backendRefs, [
            { name: "api", port: 8000, weight: 95 },
            { name: "api-canary", port: 8000, weight: 5 },
        ]);
    });

    it("dev with TLS off: routes attach to the HTTP listener, no HSTS, no redirect, no issuers", async () => {
        const { resources } = await runLayers(
            buildConfig("dev", (r) => {
                r.edge.tls = { enabled: false };
            }),
        );
        const route = named(resources, T.httpRoute, "api-public-route");
        assert.deepStrictEqual(
            route.inputs.spec.parentRefs.map((p: any) => p.sectionName),
            ["http"],
        );
        assert.strictEqual(headersOf(route)["Strict-Transport-Security"], undefined);
        assert.strictEqual(ofType(resources, T.httpRoute).length, 1);
        assert.strictEqual(ofType(resources, T.issuer).length, 0);
        assert.strictEqual(ofType(resources, T.gateway)[0].inputs.spec.listeners.length, 1);
    });

    it("services without a route get no HTTPRoute", async () => {
        const { resources } = await runLayers(
            buildConfig("prod", (r) => {
                r.services.push({ ...r.services[0], name: "worker", route: undefined });
            }),
        );
        assert.ok(!ofType(resources, T.httpRoute).some((r) => r.name.startsWith("worker")));
    });
});

describe("edge: ingress mode (Traefik)", () => {
    const ingressConfig = (edit?: (r: any) => void) =>
        buildConfig("prod", (r) => {
            r.edge.mode = "ingress";
            r.edge.ingressClass = "traefik";
            edit?.(r);
        });

    it("Ingress with the class, cert-manager issuer, TLS per host and Traefik middlewares (no snippets)", async () => {
        const { resources } = await runLayers(ingressConfig());
        assert.strictEqual(ofType(resources, T.gateway).length, 0);
        const ing = named(resources, T.ingress, "api-public-ingress");
        assert.strictEqual(ing.inputs.spec.ingressClassName, "traefik");
        const ann = ing.inputs.metadata.annotations;
        assert.strictEqual(ann["cert-manager.io/issuer"], "letsencrypt-prod");
        assert.strictEqual(
            ann["traefik.ingress.kubernetes.io/router.middlewares"],
            "shop-prod-api-headers@kubernetescrd,shop-prod-api-ratelimit@kubernetescrd,shop-prod-api-body@kubernetescrd,shop-prod-api-cors@kubernetescrd",
        );
        assert.ok(!Object.keys(ann).some((k) => /snippet/.test(k)));
        assert.deepStrictEqual(ing.inputs.spec.tls, [{ hosts: ["api.prod.example.com"], secretName: "api-prod-example-com-tls" }]);
        const headers = named(resources, T.middleware, "api-public-headers").inputs.spec.headers;
        assert.strictEqual(headers.stsSeconds, 31536000);
        assert.strictEqual(headers.frameDeny, true);
        assert.strictEqual(named(resources, T.middleware, "api-public-ratelimit").inputs.spec.rateLimit.average, 20);
        assert.strictEqual(named(resources, T.middleware, "api-public-body").inputs.spec.buffering.maxRequestBodyBytes, 10 * 1024 * 1024);
        const issuer = ofType(resources, T.issuer)[0];
        assert.deepStrictEqual(issuer.inputs.spec.acme.solvers[0].http01, { ingress: { ingressClassName: "traefik" } });
    });

    it("another maintained class gets the Ingress without Traefik middlewares", async () => {
        const { resources } = await runLayers(
            ingressConfig((r) => {
                r.edge.ingressClass = "nginx-plus";
            }),
        );
        assert.strictEqual(ofType(resources, T.middleware).length, 0);
        assert.strictEqual(named(resources, T.ingress, "api-public-ingress").inputs.spec.ingressClassName, "nginx-plus");
    });
});
