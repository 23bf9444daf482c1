import * as assert from "assert";
import { named, ofType } from "../../../tools/mock-runner/harness";
import { EXTENSIONS_MARKER, extensionsSql } from "../../../components/database/extensions";
import { runData } from "./support/context";
import { K } from "../../../policies/lib/kubernetes/types";

const PATRONI_CR = "kubernetes:acid.zalan.do/v1:postgresql";

describe("database: extensions are created, and both sides carry the prod-stack.io/extensions marker", () => {
    it("patroni: the operator's preparedDatabases creates timescaledb and the listed extensions in the app database", async () => {
        const { resources } = await runData("dev", (raw) => {
            raw.database = { kind: "patroni", storageSize: "10Gi", extensions: ["vector", "pg_stat_statements"] };
        });
        const cr = named(resources, PATRONI_CR, "webapp-database-patroni-cluster");
        assert.deepStrictEqual(cr.inputs.spec.preparedDatabases, {
            app: {
                defaultRoles: false,
                defaultUsers: false,
                extensions: { timescaledb: "public", vector: "public", pg_stat_statements: "public" },
            },
        });
        // The cluster both is the database and creates the extensions: one marker, what config asks.
        assert.strictEqual(cr.inputs.metadata.annotations[EXTENSIONS_MARKER], "timescaledb,vector,pg_stat_statements");
        assert.strictEqual(cr.inputs.metadata.labels[EXTENSIONS_MARKER], undefined, "a label value cannot hold a comma");
    });

    it("patroni without TimescaleDB or extensions: nothing prepared, no marker", async () => {
        const { resources } = await runData("dev", (raw) => {
            raw.database = { kind: "patroni", storageSize: "10Gi", timescaledb: false, extensions: [] };
        });
        const cr = named(resources, PATRONI_CR, "webapp-database-patroni-cluster");
        assert.strictEqual(cr.inputs.spec.preparedDatabases, undefined);
        assert.strictEqual(cr.inputs.metadata.annotations?.[EXTENSIONS_MARKER], undefined);
    });

    it("rds: a Job after the instance runs CREATE EXTENSION IF NOT EXISTS as the master user over TLS", async () => {
        const { resources } = await runData("prod");
        const job = named(resources, K.Job, "webapp-database-extensions-job");
        const instance = named(resources, "aws:rds/instance:Instance", "webapp-database-rds-primary");
        assert.ok(job.options.dependsOn.includes(instance.urn), "the Job does not wait for the instance");
        assert.strictEqual(job.inputs.metadata.annotations[EXTENSIONS_MARKER], "pg_stat_statements,vector");
        assert.strictEqual(instance.inputs.tags[EXTENSIONS_MARKER], "pg_stat_statements vector");
        const container = job.inputs.spec.template.spec.containers[0];
        const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
        assert.strictEqual(env.EXTENSIONS_SQL, extensionsSql(["pg_stat_statements", "vector"]));
        assert.strictEqual(
            env.EXTENSIONS_SQL,
            'CREATE EXTENSION IF NOT EXISTS "pg_stat_statements"; CREATE EXTENSION IF NOT EXISTS "vector";',
        );
        assert.strictEqual(env.PGSSLMODE, "require");
        assert.strictEqual(env.PGDATABASE, "app");
        for (const key of ["PGHOST", "PGUSER", "PGPASSWORD"]) assert.ok(env[key]?.secretKeyRef, `${key} is not a secret reference`);
        assert.match(container.command.join(" "), /psql -X -v ON_ERROR_STOP=1 -c "\$EXTENSIONS_SQL"/);
        assert.strictEqual(job.inputs.spec.template.spec.automountServiceAccountToken, false);
        const egress = named(resources, K.NetworkPolicy, "webapp-database-extensions-egress");
        assert.ok(
            egress.inputs.spec.egress.some((r: any) => r.ports.some((p: any) => p.port === 5432) && r.to.some((t: any) => t.ipBlock)),
            "no egress to the instance",
        );
    });

    it("rds asking for nothing: no Job and no marker tag", async () => {
        const { resources } = await runData("prod", (raw) => {
            raw.database = { ...raw.database, extensions: [] };
        });
        assert.strictEqual(ofType(resources, K.Job).filter((j) => j.name.endsWith("-extensions-job")).length, 0);
        assert.strictEqual(
            named(resources, "aws:rds/instance:Instance", "webapp-database-rds-primary").inputs.tags[EXTENSIONS_MARKER],
            undefined,
        );
    });
});
