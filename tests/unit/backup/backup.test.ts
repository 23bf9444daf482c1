import * as assert from "assert";
import { buildConfig } from "../support/config-fixtures";
import { named, ofType } from "../../../tools/mock-runner/harness";
import { OT, runOk } from "../observability/support/run-observability";
import { lifecycleRules, tierExpiryDays } from "../../../components/backup/lifecycle";
import { scriptsVolume } from "../../../components/backup/scripts-volume";
import { overdueAfterSeconds, scheduleIntervalSeconds } from "../../../components/shared/cron";

const withDb = (env: "dev" | "staging" | "prod", more?: (raw: Record<string, any>) => void) =>
    buildConfig(env, (raw) => {
        raw.database = env === "dev" ? { kind: "patroni" } : { kind: "rds" };
        more?.(raw);
    });
const backupsOnly = { backups: true };
const cron = (resources: any[], role: string) => named(resources, OT.cronJob, `shop-backups-${role}`);
const allContainers = (cj: any) => [
    ...(cj.inputs.spec.jobTemplate.spec.template.spec.initContainers ?? []),
    ...cj.inputs.spec.jobTemplate.spec.template.spec.containers,
];
const envOf = (c: any) => Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe("backup layer", () => {
    for (const env of ["staging", "prod"] as const) {
        it(`${env} on aws: backup and verify CronJobs, encrypted versioned bucket with lifecycle, IRSA role, protected`, async () => {
            const { resources, secrets } = await runOk(withDb(env), backupsOnly);
            const backup = cron(resources, "backup");
            const spec = backup.inputs.spec;
            assert.strictEqual(spec.schedule, "0 2 * * *");
            assert.strictEqual(spec.concurrencyPolicy, "Forbid");
            assert.ok(spec.startingDeadlineSeconds > 0);
            assert.strictEqual(spec.successfulJobsHistoryLimit, 7);
            assert.strictEqual(spec.failedJobsHistoryLimit, 3);
            assert.strictEqual(spec.jobTemplate.spec.activeDeadlineSeconds, 3600);
            assert.strictEqual(backup.inputs.metadata.labels["prod-stack.io/backup-of"], "shop-db");
            assert.strictEqual(spec.jobTemplate.metadata.labels["prod-stack.io/backup-of"], "shop-db");
            assert.strictEqual(spec.jobTemplate.metadata.labels["app.kubernetes.io/component"], "backup");
            const pod = spec.jobTemplate.spec.template.spec;
            assert.strictEqual(pod.automountServiceAccountToken, false);
            assert.strictEqual(pod.securityContext.runAsNonRoot, true);
            assert.strictEqual(pod.securityContext.seccompProfile.type, "RuntimeDefault");
            const containers = allContainers(backup);
            assert.deepStrictEqual(
                containers.map((c: any) => c.name),
                ["install-aws-cli", "backup", "retention"],
            );
            for (const c of containers) {
                assert.strictEqual(c.securityContext.allowPrivilegeEscalation, false, c.name);
                assert.strictEqual(c.securityContext.readOnlyRootFilesystem, true, c.name);
                assert.deepStrictEqual(c.securityContext.capabilities.drop, ["ALL"], c.name);
                assert.ok(c.resources.requests.cpu && c.resources.limits.memory, c.name);
                assert.match(c.image, /:[0-9]/, `${c.name} image pinned`);
                assert.ok(!/bitnami/.test(c.image));
            }
            const e = envOf(containers[1]);
            assert.match(e.BACKUP_DESTINATION, /^s3:\/\/shop-db-backups-|^s3:\/\//);
            assert.strictEqual(e.BACKUP_ENCRYPTION_KEY_FILE, "/var/run/secrets/backup-key/key");
            assert.strictEqual(e.PGSSLMODE, "require");
            assert.deepStrictEqual(e.PGPASSWORD, { secretKeyRef: { name: "db-admin", key: "password" } });
            assert.strictEqual(envOf(containers[2]).BACKUP_KEEP_DAILY, "7");
            assert.strictEqual(envOf(containers[2]).BACKUP_KEEP_MONTHLY, "12");
            assert.ok(
                secrets.stored.some((s) => s.name === "backup-encryption-key"),
                "key stored in the secrets backend",
            );
            const keyVolume = pod.volumes.find((v: any) => v.name === "encryption-key");
            assert.strictEqual(keyVolume.secret.secretName, "backup-encryption-key");

            const verify = cron(resources, "verify");
            assert.strictEqual(verify.inputs.spec.schedule, "0 5 * * 0");
            assert.strictEqual(verify.inputs.spec.jobTemplate.metadata.labels["app.kubernetes.io/component"], "restore-verification");

            const bucket = ofType(resources, OT.bucket)[0];
            assert.strictEqual(bucket.inputs.forceDestroy, false);
            assert.strictEqual(bucket.options.protect, true);
            const key = ofType(resources, OT.kmsKey)[0];
            assert.strictEqual(key.inputs.enableKeyRotation, true);
            assert.strictEqual(key.options.protect, true);
            const sse = ofType(resources, OT.sse)[0].inputs.rules[0].applyServerSideEncryptionByDefault;
            assert.strictEqual(sse.sseAlgorithm, "aws:kms");
            assert.match(sse.kmsMasterKeyId, /^arn:aws:kms:/);
            assert.strictEqual(ofType(resources, OT.versioning)[0].inputs.versioningConfiguration.status, "Enabled");
            const pab = ofType(resources, OT.publicAccess)[0].inputs;
            assert.ok(pab.blockPublicAcls && pab.blockPublicPolicy && pab.ignorePublicAcls && pab.restrictPublicBuckets);
            const policy = JSON.parse(ofType(resources, OT.bucketPolicy)[0].inputs.policy);
            assert.deepStrictEqual(policy.Statement[0].Condition, { Bool: { "aws:SecureTransport": "false" } });
            assert.strictEqual(policy.Statement[0].Effect, "Deny");
            const rules = ofType(resources, OT.lifecycle)[0].inputs.rules;
            assert.deepStrictEqual(
                rules.filter((r: any) => r.expiration?.days).map((r: any) => [r.filter.prefix, r.expiration.days]),
                [
                    ["daily/", 9],
                    ["weekly/", 36],
                    ["monthly/", 404],
                ],
            );

            const role = ofType(resources, OT.role)[0];
            const trust = JSON.parse(role.inputs.assumeRolePolicy);
            assert.strictEqual(
                Object.values(trust.Statement[0].Condition.StringEquals)[0],
                `system:serviceaccount:shop-${env}:shop-backup`,
            );
            const access = JSON.parse(ofType(resources, OT.rolePolicy)[0].inputs.policy);
            assert.ok(
                access.Statement.every((s: any) => s.Resource.every((r: string) => r !== "*")),
                "scoped to the bucket and key",
            );
            const sa = named(resources, OT.serviceAccount, "shop-backups-sa");
            assert.match(sa.inputs.metadata.annotations["eks.amazonaws.com/role-arn"], /^arn:aws:iam::/);
            assert.strictEqual(sa.inputs.automountServiceAccountToken, false);
        });
    }

    it("dev on the cluster target with a filesystem destination: a PVC mounted by both jobs, no AWS resources", async () => {
        const { resources } = await runOk(
            withDb("dev", (raw) => {
                raw.backup = { enabled: true, destination: { kind: "filesystem", storageSize: "20Gi" } };
            }),
            backupsOnly,
        );
        const pvc = ofType(resources, OT.pvc)[0];
        assert.strictEqual(pvc.inputs.spec.resources.requests.storage, "20Gi");
        assert.strictEqual(pvc.options.protect, false);
        for (const role of ["backup", "verify"]) {
            const pod = cron(resources, role).inputs.spec.jobTemplate.spec.template.spec;
            assert.ok(
                pod.volumes.some((v: any) => v.persistentVolumeClaim),
                role,
            );
            const step = allContainers(cron(resources, role)).find(
                (c: any) => c.name === (role === "backup" ? "backup" : "verify-restore"),
            );
            assert.strictEqual(envOf(step).BACKUP_DESTINATION, "file:///backups");
            assert.ok(!allContainers(cron(resources, role)).some((c: any) => c.name === "install-aws-cli"));
        }
        assert.strictEqual(resources.filter((r) => r.type.startsWith("aws:")).length, 0);
        assert.strictEqual(envOf(allContainers(cron(resources, "backup"))[0]).PGSSLMODE, "prefer");
    });

    it("the restore drill runs on a scratch PostgreSQL in its own pod and never gets the database's credentials", async () => {
        const { resources } = await runOk(withDb("prod"), backupsOnly);
        const pod = cron(resources, "verify").inputs.spec.jobTemplate.spec.template.spec;
        const sidecar = pod.initContainers.find((c: any) => c.name === "scratch-postgres");
        assert.ok(sidecar, "no scratch server beside the drill");
        assert.strictEqual(sidecar.restartPolicy, "Always", "not a native sidecar: the drill would wait for it to exit");
        assert.ok(sidecar.startupProbe.exec.command.includes("pg_isready"), "the drill may start before the server accepts connections");
        assert.strictEqual(sidecar.securityContext.readOnlyRootFilesystem, true);
        const pgdata = envOf(sidecar).PGDATA;
        assert.ok(
            sidecar.volumeMounts.some((m: any) => pgdata.startsWith(`${m.mountPath}/`)),
            "PGDATA is not on a volume",
        );
        const drill = envOf(pod.containers.find((c: any) => c.name === "verify-restore"));
        assert.deepStrictEqual([drill.PGHOST, drill.PGUSER, drill.PGSSLMODE], ["127.0.0.1", "postgres", "disable"]);
        assert.strictEqual(drill.PGPASSWORD, undefined);
        const verifyText = JSON.stringify(pod);
        assert.ok(!verifyText.includes('"db-admin"'), "the drill pod references the production admin secret");
        // The backup itself still dumps the production database.
        const backup = envOf(allContainers(cron(resources, "backup")).find((c: any) => c.name === "backup"));
        assert.deepStrictEqual(backup.PGPASSWORD, { secretKeyRef: { name: "db-admin", key: "password" } });
    });

    it("protects and retains the backup volume in prod", async () => {
        const { resources } = await runOk(
            withDb("prod", (raw) => {
                // Velero (on in prod) needs object storage; this case is about the volume.
                raw.backup = { destination: { kind: "filesystem" }, clusterState: { enabled: false } };
            }),
            backupsOnly,
        );
        const pvc = ofType(resources, OT.pvc)[0];
        assert.strictEqual(pvc.options.protect, true);
        assert.strictEqual(pvc.options.retainOnDelete, true);
    });

    it("dev with an S3-compatible store: endpoint and access-key secret passed to the jobs, no AWS resources", async () => {
        const { resources } = await runOk(
            withDb("dev", (raw) => {
                raw.backup = {
                    enabled: true,
                    destination: {
                        kind: "s3",
                        bucket: "shop-backups",
                        endpoint: "https://minio.example.com",
                        credentialsSecret: "minio-keys",
                    },
                };
            }),
            backupsOnly,
        );
        const backup = allContainers(cron(resources, "backup")).find((c: any) => c.name === "backup");
        assert.strictEqual(envOf(backup).BACKUP_DESTINATION, "s3://shop-backups/");
        assert.strictEqual(envOf(backup).BACKUP_S3_ENDPOINT_URL, "https://minio.example.com");
        assert.deepStrictEqual(backup.envFrom, [{ secretRef: { name: "minio-keys" } }]);
        assert.strictEqual(resources.filter((r) => r.type.startsWith("aws:")).length, 0);
    });

    it("changes with each knob", async () => {
        const { resources } = await runOk(
            withDb("prod", (raw) => {
                raw.backup = {
                    schedule: "30 1 * * *",
                    verifySchedule: "0 6 * * 1",
                    verifyTables: ["orders", "public.customers"],
                    retention: { daily: 14, weekly: 8, monthly: 24 },
                    activeDeadlineSeconds: 7200,
                    destination: { kind: "s3", region: "eu-west-1", replicaRegion: "eu-central-1" },
                };
            }),
            backupsOnly,
        );
        assert.strictEqual(cron(resources, "backup").inputs.spec.schedule, "30 1 * * *");
        assert.strictEqual(cron(resources, "backup").inputs.spec.jobTemplate.spec.activeDeadlineSeconds, 7200);
        assert.strictEqual(cron(resources, "verify").inputs.spec.schedule, "0 6 * * 1");
        assert.strictEqual(envOf(allContainers(cron(resources, "verify")).at(-1)).VERIFY_NONEMPTY_TABLES, "orders public.customers");
        assert.strictEqual(envOf(allContainers(cron(resources, "backup")).at(-1)).BACKUP_KEEP_DAILY, "14");
        const lifecycle = ofType(resources, OT.lifecycle);
        assert.strictEqual(lifecycle.length, 2, "primary and replica");
        assert.strictEqual(lifecycle[0].inputs.rules[0].expiration.days, 16);
        const replication = ofType(resources, OT.replication)[0].inputs;
        assert.strictEqual(replication.rules[0].status, "Enabled");
        assert.match(replication.rules[0].destination.encryptionConfiguration.replicaKmsKeyId, /^arn:aws:kms:/);
        assert.strictEqual(ofType(resources, OT.bucket).length, 2);
        assert.ok(ofType(resources, OT.bucket).every((b) => b.options.protect));
    });

    it("registers nothing when backups are off or there is no database", async () => {
        const off = await runOk(withDb("dev"), backupsOnly);
        assert.strictEqual(ofType(off.resources, OT.cronJob).length, 0);
        const noDb = await runOk(buildConfig("staging"), { backups: true, database: false });
        assert.strictEqual(ofType(noDb.resources, OT.cronJob).length, 0);
    });

    it("mounts the scripts from a ConfigMap laid out as a tree, and keeps the key out of it", async () => {
        const { resources } = await runOk(withDb("staging"), backupsOnly);
        const cm = named(resources, OT.configMap, "shop-backups-scripts");
        assert.ok(cm.inputs.data["backup.sh"] && cm.inputs.data["lib__common.sh"]);
        assert.ok(!JSON.stringify(cm.inputs).includes("MOCKSECRET"));
        const vol = cron(resources, "backup").inputs.spec.jobTemplate.spec.template.spec.volumes.find((v: any) => v.name === "scripts");
        assert.ok(vol.configMap.items.some((i: any) => i.key === "lib__common.sh" && i.path === "lib/common.sh"));
        const password = ofType(resources, OT.password).find((p) => p.name === "shop-backups-encryption-key")!;
        assert.ok(password.inputs.length >= 32);
        assert.strictEqual(password.options.protect, true);
    });
});

describe("backup: pure helpers", () => {
    it("expires each tier one period after retention.sh would", () => {
        assert.strictEqual(tierExpiryDays("daily", 7), 9);
        assert.strictEqual(tierExpiryDays("weekly", 4), 36);
        assert.strictEqual(tierExpiryDays("monthly", 12), 404);
        assert.ok(!lifecycleRules({ daily: 7, weekly: 0, monthly: 0 }).some((r) => r.id === "expire-weekly"));
        assert.ok(!lifecycleRules({ daily: 7, weekly: 4, monthly: 12 }).some((r: any) => r.filter?.prefix === "latest/"));
    });

    it("knows when a backup is overdue from its schedule", () => {
        assert.strictEqual(scheduleIntervalSeconds("0 2 * * *"), 86400);
        assert.strictEqual(scheduleIntervalSeconds("0 5 * * 0"), 7 * 86400);
        assert.strictEqual(scheduleIntervalSeconds("0 3 1 * *"), 31 * 86400);
        assert.strictEqual(overdueAfterSeconds("0 2 * * *", 3600), 86400 + 7200);
        assert.throws(() => scheduleIntervalSeconds("daily"), /five-field/);
    });

    it("packs every script, including lib/, and refuses a directory without backup.sh", () => {
        const v = scriptsVolume();
        for (const f of ["backup.sh", "retention.sh", "restore.sh", "verify-restore.sh", "lib/common.sh"])
            assert.ok(
                v.items.some((i) => i.path === f),
                f,
            );
        assert.throws(() => scriptsVolume(__dirname), /no backup\.sh/);
    });
});
