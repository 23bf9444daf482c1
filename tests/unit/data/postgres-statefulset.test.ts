import * as assert from "assert";
import { named, ofType, runProgram } from "../../../tools/mock-runner/harness";
import { K } from "../../../policies/lib/kubernetes/types";
import { extensionsSql } from "../../../components/database/extensions";
import { postgresArgs, postgresParameters, preloadLibraries } from "../../../components/database/postgres-manifest";
import { configFor, runData } from "./support/context";

const plain = (edit?: (db: Record<string, any>) => void) => (raw: Record<string, any>) => {
    raw.database = { kind: "postgres", storageSize: "10Gi", ...(raw.database?.kind === "postgres" ? raw.database : {}) };
    edit?.(raw.database);
};

describe("database: postgres (one StatefulSet, no operator)", () => {
    it("dev: official image pinned by tag, retained claim, pg_isready probes, restricted Pod Security at the stack's high uid", async () => {
        const { resources, layers } = await runData("dev");
        assert.strictEqual(layers.database!.kind, "postgres");
        assert.strictEqual(ofType(resources, K.Postgresql).length, 0, "no operator resource");
        assert.strictEqual(ofType(resources, K.HelmChartV4).length, 0);
        const sts = named(resources, K.StatefulSet, "webapp-database-postgres-statefulset");
        assert.strictEqual(sts.inputs.metadata.labels["prod-stack.io/database"], "webapp-postgres");
        assert.strictEqual(sts.inputs.spec.replicas, 1);
        assert.strictEqual(sts.inputs.spec.serviceName, "webapp-postgres-headless");
        assert.deepStrictEqual(sts.inputs.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
        assert.strictEqual(sts.inputs.spec.volumeClaimTemplates[0].spec.resources.requests.storage, "10Gi");
        const pod = sts.inputs.spec.template.spec;
        assert.strictEqual(pod.automountServiceAccountToken, false);
        assert.deepStrictEqual(
            [pod.securityContext.runAsNonRoot, pod.securityContext.runAsUser, pod.securityContext.fsGroup],
            [true, 10001, 10001],
            "a UID under 10000 may be a real user on the node (kube-score CRITICAL)",
        );
        const pg = pod.containers.find((c: any) => c.name === "postgres");
        assert.match(pg.image, /^postgres:16\.[0-9]+-bookworm$/);
        assert.strictEqual(pg.securityContext.readOnlyRootFilesystem, true);
        assert.deepStrictEqual(pg.securityContext.capabilities, { drop: ["ALL"] });
        for (const probe of [pg.startupProbe, pg.readinessProbe]) assert.strictEqual(probe.exec.command[0], "pg_isready");
        assert.strictEqual(pg.livenessProbe.tcpSocket.port, 5432, "liveness differs from readiness");
        const env = Object.fromEntries(pg.env.map((e: any) => [e.name, e]));
        assert.deepStrictEqual(env.POSTGRES_PASSWORD.valueFrom.secretKeyRef, { name: "webapp-postgres-owner", key: "password" });
        assert.strictEqual(env.PGDATA.value, "/var/lib/postgresql/data/pgdata");
        assert.ok(
            pg.args.includes("max_connections=200") && pg.args.includes("shared_preload_libraries=pg_stat_statements"),
            pg.args.join(" "),
        );
        const exporter = pod.containers.find((c: any) => c.name === "exporter");
        assert.strictEqual(exporter.ports[0].name, "metrics");
        assert.strictEqual(sts.options.protect, false);
    });

    it("headless and client Services; PgBouncer in front without forcing TLS the server does not offer", async () => {
        const { resources, layers } = await runData("dev");
        const selector = named(resources, K.StatefulSet, "webapp-database-postgres-statefulset").inputs.spec.selector.matchLabels;
        const headless = named(resources, K.Service, "webapp-database-postgres-headless");
        assert.strictEqual(headless.inputs.spec.clusterIP, "None");
        const client = named(resources, K.Service, "webapp-database-postgres-service");
        assert.strictEqual(client.inputs.metadata.name, "webapp-postgres");
        for (const svc of [headless, client]) assert.deepStrictEqual(svc.inputs.spec.selector, selector);
        const ini = named(resources, K.ConfigMap, "webapp-database-pgbouncer-config").inputs.data["pgbouncer.ini"];
        assert.match(ini, /webapp-postgres\.webapp-dev\.svc\.cluster\.local/);
        assert.match(ini, /server_tls_sslmode = prefer/);
        assert.strictEqual(layers.database!.sslMode, "prefer");
        assert.strictEqual(layers.database!.primaryHost !== undefined, true);
    });

    it("NetworkPolicy: PgBouncer, the dump job and migrations on 5432, Prometheus on the exporter, no egress but DNS", async () => {
        const { resources } = await runData("dev");
        const policy = named(resources, K.NetworkPolicy, "webapp-database-postgres-netpol").inputs.spec;
        assert.deepStrictEqual(policy.policyTypes, ["Ingress", "Egress"]);
        const from = policy.ingress.map((r: any) => [r.from[0].podSelector?.matchLabels, r.ports.map((p: any) => p.port)]);
        assert.deepStrictEqual(from[0], [
            {
                "app.kubernetes.io/name": "pgbouncer",
                "app.kubernetes.io/component": "database-pooler",
                "prod-stack.io/database": "webapp-postgres",
            },
            [5432],
        ]);
        // The dump job only (restore drills restore into their own scratch server), then the migration Jobs.
        assert.deepStrictEqual(from[1], [
            { "prod-stack.io/backup-of": "webapp-postgres", "app.kubernetes.io/component": "backup" },
            [5432],
        ]);
        assert.deepStrictEqual(from[2], [{ "app.kubernetes.io/component": "migrations" }, [5432]]);
        assert.deepStrictEqual(from[3][1], [9187]);
        assert.strictEqual(policy.egress.length, 1, "DNS only");
    });

    it("the extensions pick the image, are preloaded where needed and created at first start", async () => {
        const { resources } = await runData(
            "dev",
            plain((db) => {
                db.extensions = ["timescaledb", "pg_stat_statements"];
            }),
        );
        const pod = named(resources, K.StatefulSet, "webapp-database-postgres-statefulset").inputs.spec.template.spec;
        const pg = pod.containers.find((c: any) => c.name === "postgres");
        assert.match(pg.image, /^timescale\/timescaledb:2\.[0-9.]+-pg16$/);
        assert.ok(pg.args.includes("shared_preload_libraries=timescaledb,pg_stat_statements"), pg.args.join(" "));
        const init = named(resources, K.ConfigMap, "webapp-database-postgres-init").inputs.data["50-extensions.sql"];
        assert.strictEqual(init, 'CREATE EXTENSION IF NOT EXISTS "timescaledb"; CREATE EXTENSION IF NOT EXISTS "pg_stat_statements";');
        const { resources: vector } = await runData(
            "dev",
            plain((db) => {
                db.extensions = ["vector"];
            }),
        );
        const vpod = named(vector, K.StatefulSet, "webapp-database-postgres-statefulset").inputs.spec.template.spec;
        assert.match(vpod.containers[0].image, /^pgvector\/pgvector:0\.[0-9.]+-pg16$/);
    });

    it("pure helpers: size-derived parameters, overrides, stable args", () => {
        const db = configFor("dev").database as any;
        const p = postgresParameters({ ...db, tuning: { workMem: "64Mi" } });
        assert.strictEqual(p.shared_buffers, "256MB");
        assert.strictEqual(p.work_mem, "64MB");
        assert.deepStrictEqual(postgresArgs({ b: "2", a: "1" }), ["postgres", "-c", "a=1", "-c", "b=2"]);
        assert.deepStrictEqual(preloadLibraries(["vector", "pgcrypto"]), []);
        assert.strictEqual(extensionsSql([]), "");
    });

    it("the whole dev stack: the backup CronJob's pods carry the label the server admits and read its admin Secret; the drill does not", async () => {
        const all = await runProgram({ stack: "dev" });
        const sts = named(all, K.StatefulSet, "webapp-database-postgres-statefulset");
        const admitted = named(all, K.NetworkPolicy, "webapp-database-postgres-netpol").inputs.spec.ingress.map(
            (r: any) => r.from[0].podSelector?.matchLabels,
        );
        const ofDatabase = ofType(all, K.CronJob).filter(
            (c) => c.inputs.metadata.labels?.["prod-stack.io/backup-of"] === "webapp-postgres",
        );
        const component = (c: (typeof ofDatabase)[number]) => c.inputs.metadata.labels["app.kubernetes.io/component"];
        const backups = ofDatabase.filter((c) => component(c) === "backup");
        assert.ok(backups.length > 0, "a backup CronJob for the database");
        // The restore drill restores into its own scratch server: it never reaches (or holds credentials for) this one.
        for (const drill of ofDatabase.filter((c) => component(c) === "restore-verification"))
            assert.doesNotMatch(JSON.stringify(drill.inputs.spec.jobTemplate.spec.template.spec), /"webapp-postgres-admin"/);
        // The drill is still named by an egress policy of its own: with a filesystem destination it may reach nothing.
        const drillEgress = named(all, K.NetworkPolicy, "webapp-backups-verify-egress").inputs.spec;
        assert.deepStrictEqual(drillEgress.podSelector.matchLabels, {
            "prod-stack.io/backup-of": "webapp-postgres",
            "app.kubernetes.io/component": "restore-verification",
        });
        assert.deepStrictEqual(drillEgress.egress, []);
        for (const cron of backups) {
            const template = cron.inputs.spec.jobTemplate.spec.template;
            assert.ok(
                admitted.some((sel: any) => sel && Object.entries(sel).every(([k, v]) => template.metadata.labels[k] === v)),
                `${cron.name} is admitted by the server's NetworkPolicy`,
            );
            const refs = JSON.stringify(template.spec);
            assert.match(refs, /"webapp-postgres-admin"/, `${cron.name} reads the admin credentials`);
        }
        assert.strictEqual(sts.inputs.metadata.labels["prod-stack.io/database"], "webapp-postgres");
    });
});
