import * as assert from "assert";
import { buildModel } from "../../policies/lib/contracts/model";
import { checkConnectivity } from "../../policies/lib/contracts/connectivity";
import { requiredFlows } from "../../policies/lib/contracts/flows";
import { K } from "../../policies/lib/kubernetes/types";
import type { RecordedResource } from "../../tools/mock-runner/recorded-resource";
import { stackResources } from "../../tools/policy-check/policy-args";
import { recorded } from "./support/recorded";
import { named } from "./support/contracts-fixtures";
import { dataStack, L } from "./support/contracts-data-fixtures";

const messages = (s: RecordedResource[]) => checkConnectivity(buildModel(stackResources(s))).map((f) => f.message);
const ingressOf = (s: RecordedResource[], policy: string) => named(s, `np-${policy}`).spec.ingress;
const egressOf = (s: RecordedResource[], policy: string) => named(s, `np-${policy}`).spec.egress;
const denied = (s: RecordedResource[], pattern: RegExp) => {
    const found = messages(s);
    assert.strictEqual(found.length, 1, found.join("\n"));
    assert.match(found[0], pattern);
};

describe("contract: connectivity (data and secrets services, default deny)", () => {
    it("derives the flows from the connection settings, the Vault annotation and the backup destination", () => {
        const flows = requiredFlows(buildModel(stackResources(dataStack())))
            .filter((f) => f.why !== "DNS")
            .map((f) => `${f.from.kind} ${f.from.name} -> ${f.to.name}:${f.port}`);
        assert.deepStrictEqual([...new Set(flows)].sort(), [
            "CronJob backup -> S3 (internet):443",
            "CronJob backup -> StatefulSet app/postgres:5432",
            "Deployment api -> Deployment app/pgbouncer:6432",
            "Deployment api -> Deployment app/redis-proxy:6379",
            "Deployment api -> vault-server vault/vault:8200",
            "Deployment pgbouncer -> StatefulSet app/postgres:5432",
            "Deployment redis-proxy -> StatefulSet app/redis:6379",
            "Job api-migrate -> StatefulSet app/postgres:5432",
            "StatefulSet redis -> StatefulSet app/redis:6379",
        ]);
    });

    it("passes when the policies allow exactly the required flows", () => {
        assert.deepStrictEqual(messages(dataStack()), []);
    });

    it("flags app -> PgBouncer when the pooler's ingress does not admit the app", () => {
        const s = dataStack();
        ingressOf(s, "pgbouncer")[0].from[0].podSelector.matchLabels = L.migrate;
        denied(
            s,
            /^connect DATABASE_URL \(Secret app\/db-app key url\) .*: Deployment app\/api -> Deployment app\/pgbouncer :6432\/TCP is denied/,
        );
    });

    it("flags PgBouncer -> Postgres (from pgbouncer.ini) when the server's ingress drops the pooler", () => {
        const s = dataStack();
        ingressOf(s, "postgres")[0].from.shift();
        denied(
            s,
            /^connect ConfigMap app\/pgbouncer key pgbouncer.ini .*: Deployment app\/pgbouncer -> StatefulSet app\/postgres :5432\/TCP is denied/,
        );
    });

    it("flags PgBouncer -> RDS when the pooler's egress to the VPC is missing", () => {
        const s = dataStack();
        named(s, "pgbouncer-ini").data["pgbouncer.ini"] = "[databases]\napp = host=db.abc.eu-west-1.rds.amazonaws.com port=5432\n";
        const found = messages(s);
        assert.match(
            found[0],
            /pgbouncer key pgbouncer.ini .*: Deployment app\/pgbouncer -> db\.abc\.eu-west-1\.rds\.amazonaws\.com \(VPC\) :5432\/TCP is denied/,
        );
        // The pooler's egress to the in-cluster server is now more than it needs.
        assert.match(found[1], /^default deny: Deployment app\/pgbouncer -> StatefulSet app\/postgres :5432\/TCP is allowed/);
        assert.strictEqual(found.length, 2);
    });

    it("passes PgBouncer -> RDS through an ipBlock egress on 5432", () => {
        const s = dataStack();
        named(s, "pgbouncer-ini").data["pgbouncer.ini"] = "[databases]\napp = host=db.abc.eu-west-1.rds.amazonaws.com port=5432\n";
        egressOf(s, "pgbouncer")[1].to = [{ ipBlock: { cidr: "10.0.0.0/16" } }];
        assert.deepStrictEqual(messages(s), []);
    });

    it("flags app -> Redis proxy when the proxy's ingress admits another port", () => {
        const s = dataStack();
        ingressOf(s, "redis-proxy")[0].ports[0].port = 6380;
        denied(s, /^connect REDIS_URL .*: Deployment app\/api -> Deployment app\/redis-proxy :6379\/TCP is denied/);
    });

    it("flags the proxy -> Redis members (from haproxy.cfg) when the members' ingress drops the proxy", () => {
        const s = dataStack();
        ingressOf(s, "redis")[0].from.shift();
        const found = messages(s);
        assert.strictEqual(found.length, 2, found.join("\n")); // one per member the proxy checks
        for (const m of found)
            assert.match(m, /haproxy.cfg .*: Deployment app\/redis-proxy -> StatefulSet app\/redis :6379\/TCP is denied/);
    });

    it("flags replication between Redis members when their egress does not reach each other", () => {
        const s = dataStack();
        egressOf(s, "redis").pop();
        const found = messages(s);
        assert.strictEqual(found.length, 2, found.join("\n"));
        for (const m of found)
            assert.match(m, /^members of StatefulSet redis .*: StatefulSet app\/redis -> StatefulSet app\/redis :6379\/TCP is denied/);
    });

    it("flags the Vault-injected pod when its egress has no path to the Vault server", () => {
        const s = dataStack();
        egressOf(s, "api")[3].ports[0].port = 8201;
        denied(s, /^Vault agent injection: Deployment app\/api -> vault-server vault\/vault :8200\/TCP is denied/);
    });

    it("reports a Vault-injected pod when no Vault runs in the stack, unless it declares Vault external", () => {
        const s = dataStack().filter((r) => r.name !== "vault");
        assert.deepStrictEqual(messages(s), [
            'Vault agent injection: Deployment app/api needs vault, but no vault runs in this stack. Run it here, point the setting at one that does, or declare it external (annotation prod-stack.io/external-services: "vault").',
        ]);
        named(s, "api").spec.template.metadata.annotations["prod-stack.io/external-services"] = "vault";
        assert.deepStrictEqual(messages(s), []);
    });

    it("flags the migration Job -> server when the server's ingress drops migrations", () => {
        const s = dataStack();
        ingressOf(s, "postgres")[0].from.splice(1, 1);
        denied(
            s,
            /^connect DATABASE_URL \(Secret app\/db-admin key url\) .*: Job app\/api-migrate -> StatefulSet app\/postgres :5432\/TCP is denied/,
        );
    });

    it("flags the backup -> server (PGHOST + PGPORT) when the backup's egress names another port", () => {
        const s = dataStack();
        egressOf(s, "backup")[1].ports[0].port = 6432;
        denied(
            s,
            /^connect PGHOST \(Secret app\/db-admin key host\) .*: CronJob app\/backup -> StatefulSet app\/postgres :5432\/TCP is denied/,
        );
    });

    it("flags the backup -> S3 when its egress has no HTTPS to the internet", () => {
        const s = dataStack();
        egressOf(s, "backup")[2].to[0].ipBlock.except = ["0.0.0.0/1", "128.0.0.0/1"];
        denied(s, /^backup destination s3:\/\/: CronJob app\/backup -> S3 \(internet\) :443\/TCP is denied/);
    });

    it("reports a connection to a Service the stack does not run", () => {
        const s = dataStack();
        named(s, "db-app").stringData.url = "postgresql://app:pw@pgbouncer-gone.app.svc.cluster.local:6432/app";
        const found = messages(s);
        assert.match(
            found[0],
            /^connect DATABASE_URL .*: Deployment app\/api needs pgbouncer-gone\.app\.svc\.cluster\.local, but no .* runs in this stack/,
        );
        assert.match(found[1], /^default deny: Deployment app\/api -> Deployment app\/pgbouncer :6432\/TCP is allowed/);
        assert.strictEqual(found.length, 2);
    });

    it("a connection to a chart's namespace whose Service the model cannot see is neither missing nor a VPC flow", () => {
        const s = dataStack();
        s.push(
            recorded(K.Secret, "vault-url", {
                metadata: { name: "vault-url", namespace: "app" },
                stringData: { url: "https://vault-active.vault.svc:8200" },
            }),
        );
        named(s, "api").spec.template.spec.containers[0].env.push({
            name: "VAULT_URL",
            valueFrom: { secretKeyRef: { name: "vault-url", key: "url" } },
        });
        assert.deepStrictEqual(messages(s), []);
    });

    it("default deny: an extra allow-all ingress policy is caught, once per source, destination and port", () => {
        // The app's egress to the cache component reaches the Redis members too; only their ingress kept it closed.
        const s = dataStack();
        s.push(
            recorded(K.NetworkPolicy, "np-allow-all", {
                metadata: { name: "allow-all", namespace: "app" },
                spec: { podSelector: {}, ingress: [{}] },
            }),
        );
        assert.deepStrictEqual(messages(s).sort(), [
            "default deny: Deployment app/api -> StatefulSet app/redis :6379/TCP is allowed by the NetworkPolicies, but nothing in the stack needs it. Narrow the source's egress or the destination's ingress to the flows the stack uses.",
        ]);
    });

    it("default deny: calls between two app services are not reported (config's uses.services)", () => {
        const s = dataStack();
        const web = { "app.kubernetes.io/name": "web", "app.kubernetes.io/component": "app" };
        s.push(
            recorded(K.Deployment, "web", {
                metadata: { name: "web", namespace: "app", labels: web },
                spec: { selector: { matchLabels: web }, template: { metadata: { labels: web }, spec: { containers: [{ name: "web" }] } } },
            }),
            recorded(K.NetworkPolicy, "np-web", {
                metadata: { name: "web", namespace: "app" },
                spec: {
                    podSelector: { matchLabels: web },
                    policyTypes: ["Egress"],
                    egress: [{ to: [{ podSelector: { matchLabels: L.api } }], ports: [{ port: 8080 }] }],
                },
            }),
        );
        ingressOf(s, "api").push({ from: [{ podSelector: { matchLabels: web } }], ports: [{ port: 8080 }] });
        assert.deepStrictEqual(messages(s), []);
    });
});
