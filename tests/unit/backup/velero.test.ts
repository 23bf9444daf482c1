import * as assert from "assert";
import { ADDON_VERSIONS, VELERO_AWS_PLUGIN_IMAGE } from "../../../components/addons/versions";
import { veleroAccessPolicy } from "../../../components/addons/velero";
import { parseStackConfig } from "../../../components/config";
import { named, ofType } from "../../../tools/mock-runner/harness";
import { buildConfig, rawConfig } from "../support/config-fixtures";
import { OT, runOk } from "../observability/support/run-observability";

const backupsOnly = { backups: true };
const withDb = (env: "staging" | "prod", more?: (raw: Record<string, any>) => void) =>
    buildConfig(env, (raw) => {
        raw.database = { kind: "rds" };
        more?.(raw);
    });
/** Prod on the cluster target with an S3-compatible store (the examples' shape), without a database. */
const clusterProd = (more?: (raw: Record<string, any>) => void) =>
    buildConfig("prod", (raw) => {
        raw.target = "cluster";
        delete raw.aws;
        raw.kubernetes = { mode: "render", renderDir: "out/test" };
        raw.secrets = { backend: "vault" };
        raw.backup = {
            destination: {
                kind: "s3",
                bucket: "shop-backups",
                endpoint: "https://s3.store.example",
                region: "eu-1",
                credentialsSecret: "backup-s3",
            },
            clusterState: { credentialsSecret: "velero-s3-credentials" },
        };
        more?.(raw);
    });
const veleroCharts = (resources: any[]) => ofType(resources, OT.chart).filter((c) => c.inputs.chart === "velero");
const veleroRole = (resources: any[]) => named(resources, OT.role, "shop-velero-role");
const veleroPolicy = (resources: any[]) => JSON.parse(named(resources, OT.rolePolicy, "shop-velero-access").inputs.policy);

/** The issues a raw prod config gets, as "path: expected" lines. */
function issuesOf(env: "prod" | "staging", edit: (raw: Record<string, any>) => void): string[] {
    const raw = rawConfig(env);
    edit(raw);
    const result = parseStackConfig(raw);
    return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.expected}`);
}

describe("backup: Velero cluster-state backups", () => {
    it("prod on aws: the pinned chart writes to the backup bucket under velero/ with the bucket's KMS key", async () => {
        const { resources } = await runOk(withDb("prod"), backupsOnly);
        const charts = veleroCharts(resources);
        assert.strictEqual(charts.length, 1);
        const chart = charts[0];
        assert.strictEqual(chart.inputs.version, ADDON_VERSIONS.velero.version);
        assert.strictEqual(chart.inputs.repositoryOpts.repo, "https://vmware-tanzu.github.io/helm-charts");
        assert.strictEqual(chart.inputs.namespace, "velero");
        const ns = named(resources, OT.namespace, "shop-velero-release-namespace");
        assert.strictEqual(ns.inputs.metadata.name, "velero");
        assert.strictEqual(ns.inputs.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");

        const v = chart.inputs.values;
        assert.strictEqual(ofType(resources, OT.bucket).length, 1, "the database backups' bucket is reused, not a second one");
        // The bucket's default encryption names the bucket and its key as the provider resolved them.
        const sse = ofType(resources, OT.sse)[0].inputs;
        const bsl = v.configuration.backupStorageLocation;
        assert.strictEqual(bsl.length, 1);
        assert.strictEqual(bsl[0].provider, "aws");
        assert.strictEqual(bsl[0].bucket, sse.bucket);
        assert.match(bsl[0].bucket, /^shop-backups-storage-bucket-/);
        assert.strictEqual(bsl[0].prefix, "velero");
        assert.strictEqual(bsl[0].default, true);
        assert.strictEqual(bsl[0].config.kmsKeyId, sse.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId);
        assert.match(bsl[0].config.kmsKeyId, /^arn:aws:kms:eu-west-1:/);
        assert.strictEqual(bsl[0].config.region, "eu-west-1");
        assert.strictEqual(bsl[0].config.s3Url, undefined);

        assert.deepStrictEqual(
            v.initContainers.map((c: any) => [c.name, c.image]),
            [["velero-plugin-for-aws", VELERO_AWS_PLUGIN_IMAGE]],
        );
        assert.match(VELERO_AWS_PLUGIN_IMAGE, /^velero\/velero-plugin-for-aws:v1\.13\.\d+$/);
        assert.deepStrictEqual(v.initContainers[0].volumeMounts, [{ mountPath: "/target", name: "plugins" }]);

        assert.deepStrictEqual(v.schedules, {
            "shop-daily": {
                disabled: false,
                schedule: "0 3 * * *",
                useOwnerReferencesInBackup: false,
                template: { ttl: "720h", storageLocation: "default", includedNamespaces: ["shop-prod"], snapshotVolumes: false },
            },
        });
        assert.strictEqual(v.snapshotsEnabled, false);
        assert.deepStrictEqual(v.configuration.volumeSnapshotLocation, []);
        assert.strictEqual(v.deployNodeAgent, false);
        assert.strictEqual(v.upgradeCRDs, false, "the upgrade Job's kubectl image stays out");
        assert.deepStrictEqual(v.credentials, { useSecret: false });

        assert.strictEqual(v.serviceAccount.server.name, "velero");
        assert.strictEqual(
            v.serviceAccount.server.annotations["eks.amazonaws.com/role-arn"],
            `arn:aws:iam::123456789012:role/${veleroRole(resources).name}`,
        );
    });

    it("runs the server and the plugin init container under the restricted Pod Security Standard", async () => {
        const { resources } = await runOk(withDb("prod"), backupsOnly);
        const v = veleroCharts(resources)[0].inputs.values;
        assert.strictEqual(v.podSecurityContext.runAsNonRoot, true);
        assert.strictEqual(v.podSecurityContext.seccompProfile.type, "RuntimeDefault");
        assert.ok(v.podSecurityContext.fsGroup > 0, "the IRSA token must be readable by the non-root server");
        for (const sc of [v.containerSecurityContext, v.initContainers[0].securityContext]) {
            assert.strictEqual(sc.allowPrivilegeEscalation, false);
            assert.deepStrictEqual(sc.capabilities.drop, ["ALL"]);
            assert.strictEqual(sc.readOnlyRootFilesystem, true);
        }
        assert.ok(v.resources.requests.cpu && v.resources.limits.memory);
        assert.ok(v.initContainers[0].resources.requests.cpu && v.initContainers[0].resources.limits.memory);
    });

    it("the IRSA role trusts only velero/velero and its policy reaches only velero/ of the bucket and the bucket's key", async () => {
        const { resources } = await runOk(withDb("prod"), backupsOnly);
        const trust = JSON.parse(veleroRole(resources).inputs.assumeRolePolicy);
        assert.deepStrictEqual(trust.Statement[0].Condition.StringEquals, {
            "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789:sub": "system:serviceaccount:velero:velero",
            "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789:aud": "sts.amazonaws.com",
        });
        const arn = `arn:aws:s3:::${ofType(resources, OT.sse)[0].inputs.bucket}`;
        const policy = veleroPolicy(resources);
        const byId = Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s]));
        assert.deepStrictEqual(Object.keys(byId), ["ListPrefix", "ObjectsUnderPrefix", "BucketKey"]);
        assert.deepStrictEqual(byId.ObjectsUnderPrefix.Resource, [`${arn}/velero/*`]);
        assert.deepStrictEqual(byId.ListPrefix.Resource, [arn]);
        assert.deepStrictEqual(byId.ListPrefix.Condition, { StringLike: { "s3:prefix": ["velero/*"] } });
        assert.match(byId.BucketKey.Resource[0], /^arn:aws:kms:eu-west-1:123456789012:key\//);
        assert.deepStrictEqual(byId.BucketKey.Condition, { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } });
        assert.ok(
            policy.Statement.every((s: any) => s.Resource.every((r: string) => r !== "*")),
            "no wildcard resource without snapshots",
        );
    });

    it("the access policy follows the prefix and adds EC2 snapshot rights only with snapshotVolumes", () => {
        const plain = veleroAccessPolicy("arn:aws:s3:::b", "cluster", "eu-west-1", undefined, false);
        assert.deepStrictEqual(
            plain.Statement.map((s) => s.Sid),
            ["ListPrefix", "ObjectsUnderPrefix"],
        );
        assert.deepStrictEqual(plain.Statement[1].Resource, ["arn:aws:s3:::b/cluster/*"]);
        const snaps = veleroAccessPolicy("arn:aws:s3:::b", "velero", "eu-west-1", "arn:aws:kms:eu-west-1:1:key/k", true);
        const ec2 = snaps.Statement.find((s) => s.Sid === "VolumeSnapshots")!;
        assert.ok((ec2.Action as string[]).includes("ec2:CreateSnapshot"));
    });

    it("snapshotVolumes turns on the snapshot location, the schedules' snapshots and the EC2 statement", async () => {
        const { resources } = await runOk(
            withDb("prod", (raw) => {
                raw.backup = { destination: { kind: "s3" }, clusterState: { snapshotVolumes: true } };
            }),
            backupsOnly,
        );
        const v = veleroCharts(resources)[0].inputs.values;
        assert.strictEqual(v.snapshotsEnabled, true);
        assert.deepStrictEqual(v.configuration.volumeSnapshotLocation, [
            { name: "default", provider: "aws", config: { region: "eu-west-1" } },
        ]);
        assert.strictEqual(v.schedules["shop-daily"].template.snapshotVolumes, true);
        assert.ok(veleroPolicy(resources).Statement.some((s: any) => s.Sid === "VolumeSnapshots"));
    });

    it("schedules, TTLs, namespaces and the prefix come from backup.clusterState", async () => {
        const { resources } = await runOk(
            withDb("prod", (raw) => {
                raw.backup = {
                    destination: { kind: "s3" },
                    clusterState: {
                        prefix: "cluster-state",
                        schedules: [
                            { name: "hourly", schedule: "15 * * * *", ttl: "48h" },
                            { name: "weekly", schedule: "0 4 * * 0", ttl: "2160h", includedNamespaces: ["shop-prod", "shop-jobs"] },
                        ],
                    },
                };
            }),
            backupsOnly,
        );
        const v = veleroCharts(resources)[0].inputs.values;
        assert.deepStrictEqual(Object.keys(v.schedules), ["shop-hourly", "shop-weekly"]);
        assert.strictEqual(v.schedules["shop-hourly"].schedule, "15 * * * *");
        assert.strictEqual(v.schedules["shop-hourly"].template.ttl, "48h");
        assert.deepStrictEqual(v.schedules["shop-hourly"].template.includedNamespaces, ["shop-prod"]);
        assert.deepStrictEqual(v.schedules["shop-weekly"].template.includedNamespaces, ["shop-prod", "shop-jobs"]);
        assert.strictEqual(v.configuration.backupStorageLocation[0].prefix, "cluster-state");
        assert.ok(veleroPolicy(resources).Statement[1].Resource[0].endsWith("/cluster-state/*"));
    });

    it("presets: on in prod, off in staging and dev; the switch overrides either way", async () => {
        assert.strictEqual(withDb("prod").backup.clusterState.enabled, true);
        assert.strictEqual(withDb("staging").backup.clusterState.enabled, false);
        assert.strictEqual(buildConfig("dev").backup.clusterState.enabled, false);
        const staging = await runOk(withDb("staging"), backupsOnly);
        assert.strictEqual(veleroCharts(staging.resources).length, 0);
        assert.strictEqual(ofType(staging.resources, OT.role).filter((r) => r.name.includes("velero")).length, 0);
        const stagingOn = await runOk(
            withDb("staging", (raw) => {
                raw.backup = { destination: { kind: "s3" }, clusterState: { enabled: true } };
            }),
            backupsOnly,
        );
        assert.strictEqual(veleroCharts(stagingOn.resources).length, 1);
        const prodOff = await runOk(
            withDb("prod", (raw) => {
                raw.backup = { destination: { kind: "s3" }, clusterState: { enabled: false } };
            }),
            backupsOnly,
        );
        assert.strictEqual(veleroCharts(prodOff.resources).length, 0);
    });

    it("a stack without a database still gets its encrypted bucket for Velero on aws", async () => {
        const { resources } = await runOk(buildConfig("prod"), backupsOnly);
        assert.strictEqual(ofType(resources, OT.cronJob).length, 0, "no backup jobs without data");
        const bucket = named(resources, OT.bucket, "shop-cluster-state-storage-bucket");
        assert.strictEqual(bucket.options.protect, true);
        assert.strictEqual(bucket.inputs.tags["prod-stack.io/backup-of"], "shop-cluster-state");
        const v = veleroCharts(resources)[0].inputs.values;
        const sse = ofType(resources, OT.sse);
        assert.strictEqual(sse.length, 1);
        assert.match(v.configuration.backupStorageLocation[0].bucket, /^shop-cluster-state-storage-bucket-/);
        assert.strictEqual(v.configuration.backupStorageLocation[0].bucket, sse[0].inputs.bucket);
        assert.strictEqual(
            v.configuration.backupStorageLocation[0].config.kmsKeyId,
            sse[0].inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId,
        );
    });

    it("an existing bucket on aws: no bucket is created, and the key named in kmsKeyArn encrypts and is granted", async () => {
        const key = "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab";
        const { resources } = await runOk(
            withDb("prod", (raw) => {
                raw.backup = { destination: { kind: "s3", bucket: "shop-dr-backups" }, clusterState: { kmsKeyArn: key } };
            }),
            backupsOnly,
        );
        assert.strictEqual(ofType(resources, OT.bucket).length, 0);
        const bsl = veleroCharts(resources)[0].inputs.values.configuration.backupStorageLocation[0];
        assert.strictEqual(bsl.bucket, "shop-dr-backups");
        assert.strictEqual(bsl.config.kmsKeyId, key);
        const byId = Object.fromEntries(veleroPolicy(resources).Statement.map((s: any) => [s.Sid, s]));
        assert.deepStrictEqual(byId.ObjectsUnderPrefix.Resource, ["arn:aws:s3:::shop-dr-backups/velero/*"]);
        assert.deepStrictEqual(byId.BucketKey.Resource, [key]);
    });

    it("cluster target: the S3-compatible store, the operator's credentials Secret, no IAM", async () => {
        const { resources } = await runOk(clusterProd(), backupsOnly);
        const v = veleroCharts(resources)[0].inputs.values;
        const bsl = v.configuration.backupStorageLocation[0];
        assert.strictEqual(bsl.bucket, "shop-backups");
        assert.deepStrictEqual(bsl.config, { region: "eu-1", s3Url: "https://s3.store.example", s3ForcePathStyle: "true" });
        assert.deepStrictEqual(v.credentials, { useSecret: true, existingSecret: "velero-s3-credentials" });
        assert.deepStrictEqual(v.serviceAccount.server.annotations, {});
        assert.strictEqual(ofType(resources, OT.role).length, 0);
        assert.deepStrictEqual(v.schedules["shop-daily"].template.includedNamespaces, ["shop-prod"]);
    });

    describe("config errors name the key path and what it expects", () => {
        const cases: { title: string; env?: "prod" | "staging"; edit: (raw: Record<string, any>) => void; line: RegExp }[] = [
            {
                title: "no credentials Secret on the cluster target",
                edit: (r) => {
                    r.target = "cluster";
                    delete r.aws;
                    r.kubernetes = { mode: "render", renderDir: "out/test" };
                    r.secrets = { backend: "vault" };
                    r.backup = { destination: { kind: "s3", bucket: "b-store", endpoint: "https://s3.store.example" } };
                },
                line: /^backup\.clusterState\.credentialsSecret: the name of a Secret in the velero namespace/,
            },
            {
                title: "a credentials Secret on aws (IRSA there)",
                edit: (r) => {
                    r.backup.clusterState = { credentialsSecret: "velero-creds" };
                },
                line: /^backup\.clusterState\.credentialsSecret: nothing on the aws target/,
            },
            {
                title: "Velero switched off while cluster-state backups are on",
                edit: (r) => {
                    r.addons = { velero: false };
                },
                line: /^addons\.velero: true while backup\.clusterState\.enabled/,
            },
            {
                title: "a filesystem destination",
                edit: (r) => {
                    r.backup.destination = { kind: "filesystem" };
                },
                line: /^backup\.destination\.kind: s3 while backup\.clusterState\.enabled/,
            },
            {
                title: "backups off with cluster state on",
                edit: (r) => {
                    r.backup.enabled = false;
                },
                line: /^backup\.clusterState\.enabled: backup\.enabled: true/,
            },
            {
                title: "a TTL that is not a duration",
                edit: (r) => {
                    r.backup.clusterState = { schedules: [{ name: "daily", schedule: "0 3 * * *", ttl: "30d" }] };
                },
                line: /^backup\.clusterState\.schedules\[0\]\.ttl: .*720h/,
            },
            {
                title: "a schedule that is not cron",
                edit: (r) => {
                    r.backup.clusterState = { schedules: [{ name: "daily", schedule: "daily" }] };
                },
                line: /^backup\.clusterState\.schedules\[0\]\.schedule: /,
            },
            {
                title: "two schedules with one name",
                edit: (r) => {
                    r.backup.clusterState = {
                        schedules: [
                            { name: "daily", schedule: "0 3 * * *" },
                            { name: "daily", schedule: "0 4 * * *" },
                        ],
                    };
                },
                line: /^backup\.clusterState\.schedules: .*unique/,
            },
            {
                title: "a KMS key for a bucket the stack creates (it brings its own)",
                edit: (r) => {
                    r.backup.clusterState = { kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/abcd-1234" };
                },
                line: /^backup\.clusterState\.kmsKeyArn: only with an existing backup\.destination\.bucket/,
            },
            {
                title: "volume snapshots on the cluster target",
                edit: (r) => {
                    r.target = "cluster";
                    delete r.aws;
                    r.kubernetes = { mode: "render", renderDir: "out/test" };
                    r.secrets = { backend: "vault" };
                    r.backup = {
                        destination: { kind: "s3", bucket: "b-store", endpoint: "https://s3.store.example" },
                        clusterState: { credentialsSecret: "velero-creds", snapshotVolumes: true },
                    };
                },
                line: /^backup\.clusterState\.snapshotVolumes: false on the cluster target/,
            },
        ];
        for (const c of cases) {
            it(c.title, () => {
                const lines = issuesOf(c.env ?? "prod", c.edit);
                assert.ok(
                    lines.some((l) => c.line.test(l)),
                    lines.join("\n"),
                );
            });
        }
        it("the unchanged prod fixture has none of them", () => {
            assert.deepStrictEqual(
                issuesOf("prod", () => {}).filter((l) => /clusterState|addons\.velero|destination\.kind/.test(l)),
                [],
            );
        });
    });
});
