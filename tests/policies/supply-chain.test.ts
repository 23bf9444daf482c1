import * as assert from "assert";
import { retirementOf } from "../../policies/lib/kubernetes/api-versions";
import { fromAllowedRegistry, registryPathOf } from "../../policies/lib/kubernetes/image";

describe("image registries", () => {
    const cases: [string, string, string][] = [
        ["redis:7.4", "docker.io", "library/redis"],
        ["bitnami/redis:7.4", "docker.io", "bitnami/redis"],
        ["docker.io/library/postgres:17", "docker.io", "library/postgres"],
        ["index.docker.io/edoburu/pgbouncer:1.23", "docker.io", "edoburu/pgbouncer"],
        ["ghcr.io/example/api:1.4.2@sha256:" + "a".repeat(64), "ghcr.io", "example/api"],
        ["localhost:5000/api", "localhost:5000", "api"],
        ["localhost/api:1", "localhost", "api"],
        ["registry.local:5000/team/api:2", "registry.local:5000", "team/api"],
    ];
    for (const [image, registry, path] of cases) {
        it(`${image} is ${registry}/${path}`, () => assert.deepStrictEqual(registryPathOf(image), { registry, path }));
    }
    it("an entry is a registry host or a host/path prefix on a path boundary", () => {
        assert.ok(fromAllowedRegistry("ghcr.io/acme/api:1", ["ghcr.io"]));
        assert.ok(fromAllowedRegistry("ghcr.io/acme/api:1", ["ghcr.io/acme"]));
        assert.ok(fromAllowedRegistry("ghcr.io/acme/api:1", ["ghcr.io/acme/"]));
        assert.ok(!fromAllowedRegistry("ghcr.io/acme-evil/api:1", ["ghcr.io/acme"]));
        assert.ok(!fromAllowedRegistry("ghcr.io.evil.com/acme/api:1", ["ghcr.io"]));
        assert.ok(fromAllowedRegistry("redis:7", ["docker.io"]));
        assert.ok(!fromAllowedRegistry("redis:7", ["ghcr.io", "registry.example.com"]));
    });
});

describe("retired Kubernetes API versions", () => {
    for (const [gv, kind] of [
        ["extensions/v1beta1", "Ingress"],
        ["policy/v1beta1", "PodSecurityPolicy"],
        ["policy/v1beta1", "PodDisruptionBudget"],
        ["batch/v1beta1", "CronJob"],
        ["autoscaling/v2beta2", "HorizontalPodAutoscaler"],
        ["networking.k8s.io/v1beta1", "Ingress"],
        ["flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema"],
        ["storage.k8s.io/v1beta1", "CSIStorageCapacity"],
        ["core/v1", "Endpoints"],
    ]) {
        it(`${gv} ${kind} is retired`, () => assert.ok(retirementOf(gv.split("/")[0], gv.split("/")[1], kind)));
    }
    for (const [gv, kind] of [
        ["apps/v1", "Deployment"],
        ["policy/v1", "PodDisruptionBudget"],
        ["batch/v1", "CronJob"],
        ["autoscaling/v2", "HorizontalPodAutoscaler"],
        ["core/v1", "Service"],
        ["gateway.networking.k8s.io/v1", "HTTPRoute"],
        ["gateway.envoyproxy.io/v1alpha1", "SecurityPolicy"],
    ]) {
        it(`${gv} ${kind} is current`, () => assert.strictEqual(retirementOf(gv.split("/")[0], gv.split("/")[1], kind), undefined));
    }
});
