import * as assert from "assert";
import { named, ofType } from "../../../tools/mock-runner/harness";
import { deriveTuning, pgSize } from "../../../components/database/tuning";
import { pgbouncerIni } from "../../../components/database/pgbouncer-ini";
import { rdsParameters } from "../../../components/database/rds-parameters";
import { runData } from "./support/context";
import { K } from "../../../policies/lib/kubernetes/types";

const param = (r: any, name: string) => r.inputs.parameters.find((p: any) => p.name === name)?.value;

describe("database: tuning helpers", () => {
    it("reproduces the SEI guide values for 16 GiB and 200 connections", () => {
        const t = deriveTuning(16 * 1024, 200);
        assert.deepStrictEqual(
            [
                t.sharedBuffersKb,
                t.effectiveCacheSizeKb,
                t.maintenanceWorkMemKb,
                t.walBuffersKb,
                t.workMemKb,
                t.minWalSizeKb,
                t.maxWalSizeKb,
            ].map(pgSize),
            ["4GB", "12GB", "1GB", "16MB", "20MB", "2GB", "8GB"],
        );
    });
    it("RDS parameters force TLS, set max_connections and preload pg_stat_statements", () => {
        const p = Object.fromEntries(rdsParameters("db.r6g.large", 300, ["vector"]).map((x) => [x.name, x.value]));
        assert.strictEqual(p["rds.force_ssl"], "1");
        assert.strictEqual(p.max_connections, "300");
        assert.strictEqual(p.shared_preload_libraries, "pg_stat_statements");
        assert.ok(Number(p.shared_buffers) > 0);
        assert.strictEqual(
            rdsParameters("db.x9.huge", 100, []).find((x) => x.name === "shared_buffers")!.value,
            "{DBInstanceClassMemory/32768}",
        );
    });
    it("pgbouncer.ini pools by transaction with the configured sizes and requires TLS to the server", () => {
        const ini = pgbouncerIni({
            host: "db",
            port: 5432,
            databaseName: "app",
            user: "u",
            serverTlsSslmode: "require",
            pool: { replicas: 3, poolMode: "transaction", maxClientConnections: 1000, defaultPoolSize: 25, maxDbConnections: 100 },
        });
        for (const line of [
            "pool_mode = transaction",
            "max_client_conn = 1000",
            "default_pool_size = 25",
            "max_db_connections = 100",
            "server_tls_sslmode = require",
            "app = host=db port=5432 dbname=app",
        ])
            assert.ok(ini.includes(line), line);
    });
});

describe("database: rds", () => {
    it("prod: Multi-AZ, encrypted with a rotating CMK, private, protected, final snapshot, PI + monitoring, replicas", async () => {
        const { resources, layers } = await runData("prod");
        const db = named(resources, "aws:rds/instance:Instance", "webapp-database-rds-primary");
        const i = db.inputs;
        assert.strictEqual(i.engine, "postgres");
        assert.match(i.engineVersion, /^16/);
        assert.strictEqual(i.multiAz, true);
        assert.strictEqual(i.storageEncrypted, true);
        assert.ok(i.kmsKeyId);
        assert.strictEqual(i.publiclyAccessible, false);
        assert.strictEqual(i.backupRetentionPeriod, 30);
        assert.strictEqual(i.deletionProtection, true);
        assert.strictEqual(i.skipFinalSnapshot, false);
        assert.ok(i.finalSnapshotIdentifier);
        assert.strictEqual(i.performanceInsightsEnabled, true);
        assert.ok(i.performanceInsightsKmsKeyId);
        assert.strictEqual(i.monitoringInterval, 60);
        assert.ok(i.monitoringRoleArn);
        assert.strictEqual(i.tags["prod-stack.io/database"], "webapp-postgres");
        assert.strictEqual(db.options.protect, true);
        assert.strictEqual(named(resources, "aws:kms/key:Key", "webapp-database-rds-key").inputs.enableKeyRotation, true);
        assert.strictEqual(named(resources, "aws:kms/key:Key", "webapp-database-rds-key").options.protect, true);
        const replica = named(resources, "aws:rds/instance:Instance", "webapp-database-rds-replica-1");
        assert.ok(replica.inputs.replicateSourceDb);
        assert.strictEqual(replica.options.protect, true);
        const sg = named(resources, "aws:ec2/securityGroup:SecurityGroup", "webapp-database-rds-sg");
        assert.deepStrictEqual(
            sg.inputs.ingress.map((r: any) => [r.fromPort, r.securityGroups]),
            [[5432, ["sg-0f1e2d3c4b5a69788"]]],
        );
        assert.deepStrictEqual(
            named(resources, "aws:rds/subnetGroup:SubnetGroup", "webapp-database-rds-subnets").inputs.subnetIds.length,
            3,
        );
        const pg = named(resources, "aws:rds/parameterGroup:ParameterGroup", "webapp-database-rds-params");
        assert.strictEqual(pg.inputs.family, "postgres16");
        assert.strictEqual(param(pg, "rds.force_ssl"), "1");
        assert.strictEqual(layers.database!.databaseId, "webapp-postgres");
        assert.strictEqual(layers.database!.adminCredentials.url.secretName, "webapp-postgres-admin");
        assert.strictEqual(layers.database!.sslMode, "require", "RDS forces TLS: direct clients require it");
    });

    it("config knobs reach the resources (instance class, storage, retention, replicas, max connections, PI)", async () => {
        const { resources } = await runData("staging", (raw) => {
            raw.database = {
                kind: "rds",
                instanceClass: "db.r6g.xlarge",
                allocatedStorageGb: 300,
                backupRetentionDays: 14,
                readReplicas: 2,
                maxConnections: 900,
                performanceInsightsRetentionDays: 31,
                monitoringIntervalSeconds: 0,
                multiAz: true,
            };
        });
        const i = named(resources, "aws:rds/instance:Instance", "webapp-database-rds-primary").inputs;
        assert.deepStrictEqual(
            [
                i.instanceClass,
                i.allocatedStorage,
                i.maxAllocatedStorage,
                i.backupRetentionPeriod,
                i.performanceInsightsRetentionPeriod,
                i.monitoringInterval,
                i.multiAz,
            ],
            ["db.r6g.xlarge", 300, 1200, 14, 31, 0, true],
        );
        assert.strictEqual(ofType(resources, "aws:rds/instance:Instance").length, 3);
        assert.strictEqual(
            param(named(resources, "aws:rds/parameterGroup:ParameterGroup", "webapp-database-rds-params"), "max_connections"),
            "900",
        );
        assert.ok(!ofType(resources, "aws:iam/role:Role").some((r) => r.name.includes("monitoring")));
    });

    it("unprotected outside staging/prod: no deletion protection, no final snapshot required", async () => {
        const { resources } = await runData("prod", (raw) => {
            raw.environment = "dev";
            raw.services.forEach((s: any) => {
                s.image = s.image.split("@")[0];
            });
            raw.database = { kind: "rds", multiAz: false };
            raw.redis = { kind: "elasticache" };
            raw.backup = { enabled: false };
        });
        const db = named(resources, "aws:rds/instance:Instance", "webapp-database-rds-primary");
        assert.strictEqual(db.inputs.deletionProtection, false);
        assert.strictEqual(db.inputs.skipFinalSnapshot, true);
        assert.strictEqual(db.options.protect, false);
    });

    it("PgBouncer: replicas, exporter sidecar, TLS to RDS, PDB, NetworkPolicy (apps -> 6432, Prometheus -> exporter, egress 5432)", async () => {
        const { resources, layers } = await runData("prod");
        const dep = named(resources, K.Deployment, "webapp-database-pgbouncer-deployment");
        assert.strictEqual(dep.inputs.spec.replicas, 3);
        const pod = dep.inputs.spec.template.spec;
        assert.deepStrictEqual(
            pod.containers.map((c: any) => c.name),
            ["pgbouncer", "exporter"],
        );
        for (const c of pod.containers) {
            assert.strictEqual(c.securityContext.readOnlyRootFilesystem, true);
            assert.ok(c.resources.limits.memory && c.resources.requests.cpu);
        }
        assert.strictEqual(pod.automountServiceAccountToken, false);
        assert.strictEqual(pod.securityContext.runAsNonRoot, true);
        const cm = named(resources, K.ConfigMap, "webapp-database-pgbouncer-config");
        assert.match(cm.inputs.data["pgbouncer.ini"], /server_tls_sslmode = require/);
        assert.match(cm.inputs.data["pgbouncer.ini"], /\.rds\.amazonaws\.com port=5432/);
        const np = named(resources, K.NetworkPolicy, "webapp-database-pgbouncer-netpol").inputs.spec;
        assert.deepStrictEqual(
            np.ingress.map((r: any) => r.ports.map((p: any) => p.port)),
            [[6432], [9127]],
        );
        assert.deepStrictEqual(np.egress[1], { to: [{ ipBlock: { cidr: "10.0.0.0/16" } }], ports: [{ protocol: "TCP", port: 5432 }] });
        assert.strictEqual(named(resources, K.PodDisruptionBudget, "webapp-database-pgbouncer-pdb").inputs.spec.maxUnavailable, 1);
        assert.deepStrictEqual(layers.database!.pooler.ports, [6432]);
        const { resources: changed } = await runData("prod", (raw) => {
            raw.database.pgbouncer = { replicas: 4, defaultPoolSize: 30 };
        });
        assert.strictEqual(named(changed, K.Deployment, "webapp-database-pgbouncer-deployment").inputs.spec.replicas, 4);
        assert.match(
            named(changed, K.ConfigMap, "webapp-database-pgbouncer-config").inputs.data["pgbouncer.ini"],
            /default_pool_size = 30/,
        );
    });
});

describe("database: patroni", () => {
    it("dev file on patroni: a postgresql resource with Spilo, size-derived parameters, labelled; owner password adopted by the operator", async () => {
        const { resources, layers } = await runData("dev", (raw) => {
            raw.database = { ...raw.database, kind: "patroni" };
        });
        assert.strictEqual(layers.database!.sslMode, "prefer", "in-cluster Postgres offers TLS without forcing it");
        const pg = named(resources, K.Postgresql, "webapp-database-patroni-cluster");
        const spec = pg.inputs.spec;
        assert.match(spec.dockerImage, /^ghcr\.io\/zalando\/spilo-16:/);
        assert.strictEqual(spec.numberOfInstances, 1);
        assert.strictEqual(spec.volume.size, "10Gi");
        assert.strictEqual(spec.postgresql.parameters.shared_buffers, "256MB");
        assert.strictEqual(spec.postgresql.parameters.effective_cache_size, "768MB");
        assert.strictEqual(spec.postgresql.parameters.max_connections, "400");
        assert.strictEqual(pg.inputs.metadata.labels["prod-stack.io/database"], "webapp-postgres");
        assert.strictEqual(pg.options.protect, false);
        assert.ok(
            ofType(resources, K.Secret).some(
                (s) => s.inputs.metadata.name === "app-owner.webapp-postgres.credentials.postgresql.acid.zalan.do",
            ),
        );
    });

    it("staging-like: 3 members, protected, WAL-G archiving env with credentials from a Secret, operator chart pinned", async () => {
        const { resources } = await runData("dev", (raw) => {
            raw.environment = "staging";
            raw.services.forEach((svc: any) => {
                svc.autoscaling = { min: 2, max: 4 };
            });
            raw.addons = { ...raw.addons, postgresOperator: true };
            raw.secrets = { backend: "vault", replicas: 3 };
            raw.database = {
                kind: "patroni",
                members: 3,
                storageSize: "100Gi",
                storageClass: "gp3",
                tuning: { sharedBuffers: "2Gi" },
                walArchive: { bucket: "wal-archive", endpoint: "https://minio.example.com" },
            };
            raw.redis = { kind: "cluster", sentinel: true };
            raw.edge = { ...raw.edge, tls: { acmeEmail: "platform@example.com" } };
        });
        const pg = named(resources, K.Postgresql, "webapp-database-patroni-cluster");
        assert.strictEqual(pg.inputs.spec.numberOfInstances, 3);
        assert.strictEqual(pg.inputs.spec.volume.storageClass, "gp3");
        assert.strictEqual(pg.inputs.spec.postgresql.parameters.shared_buffers, "2GB");
        assert.strictEqual(pg.options.protect, true);
        const env = Object.fromEntries(pg.inputs.spec.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
        assert.strictEqual(env.USE_WALG_BACKUP, "true");
        assert.strictEqual(env.WALG_S3_PREFIX, "s3://wal-archive/spilo/webapp-postgres/wal");
        assert.strictEqual(env.AWS_ENDPOINT, "https://minio.example.com");
        assert.deepStrictEqual(env.AWS_SECRET_ACCESS_KEY, {
            secretKeyRef: { name: "wal-archive-credentials", key: "AWS_SECRET_ACCESS_KEY" },
        });
        const chart = ofType(resources, K.HelmChartV4).find((c) => c.inputs.chart === "postgres-operator")!;
        assert.strictEqual(chart.inputs.values.configKubernetes.enable_pod_antiaffinity, true);
        assert.strictEqual(chart.inputs.values.configKubernetes.delete_annotation_name_key, "delete-clustername");
        const np = named(resources, K.NetworkPolicy, "webapp-database-pgbouncer-netpol").inputs.spec;
        assert.deepStrictEqual(np.egress[1].to, [
            { podSelector: { matchLabels: { application: "spilo", "cluster-name": "webapp-postgres" } } },
        ]);
    });
});
