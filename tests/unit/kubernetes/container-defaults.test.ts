import * as assert from "assert";
import { hardenedContainer, serviceProbes } from "../../../components/kubernetes";
import { buildConfig } from "../support/config-fixtures";

describe("shared container defaults", () => {
    it("pull policy Always and bounded ephemeral storage on every container", () => {
        const c = hardenedContainer({
            name: "x",
            image: "r/x:1",
            imagePullPolicy: "IfNotPresent",
            resources: { requests: { cpu: "10m", memory: "8Mi" }, limits: { cpu: "1", memory: "8Mi" } },
        });
        assert.strictEqual(c.imagePullPolicy, "Always");
        assert.deepStrictEqual(c.resources, {
            requests: { "ephemeral-storage": "64Mi", cpu: "10m", memory: "8Mi" },
            limits: { "ephemeral-storage": "1Gi", cpu: "1", memory: "8Mi" },
        });
    });

    it("keeps an ephemeral-storage size the caller chose", () => {
        const c = hardenedContainer({
            name: "x",
            image: "r/x:1",
            resources: { requests: { "ephemeral-storage": "2Gi" }, limits: { "ephemeral-storage": "4Gi" } },
        });
        assert.deepStrictEqual(c.resources, { requests: { "ephemeral-storage": "2Gi" }, limits: { "ephemeral-storage": "4Gi" } });
    });
});

describe("service probes", () => {
    it("liveness and readiness on different endpoints stay HTTP, liveness slower by default", () => {
        const svc = buildConfig("prod").services[0];
        const p = serviceProbes(
            { ...svc.probes, liveness: { ...svc.probes.liveness, path: "/live" }, readiness: { ...svc.probes.readiness, path: "/ready" } },
            "http",
        );
        assert.strictEqual((p.livenessProbe as any).httpGet.path, "/live");
        assert.strictEqual((p.readinessProbe as any).httpGet.path, "/ready");
        assert.ok((p.livenessProbe as any).periodSeconds > (p.readinessProbe as any).periodSeconds);
    });

    it("the same endpoint for both: liveness becomes a TCP check so a slow dependency does not restart every pod", () => {
        const svc = buildConfig("prod").services[0];
        const same = {
            ...svc.probes,
            liveness: { ...svc.probes.liveness, path: "/health" },
            readiness: { ...svc.probes.readiness, path: "/health" },
        };
        const p = serviceProbes(same, "http");
        assert.deepStrictEqual((p.livenessProbe as any).tcpSocket, { port: "http" });
        assert.strictEqual((p.livenessProbe as any).httpGet, undefined);
        assert.strictEqual((p.readinessProbe as any).httpGet.path, "/health");
    });
});
