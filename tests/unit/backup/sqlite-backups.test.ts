import * as assert from "assert";
import * as path from "path";
import { ConfigIssue, parseStackConfig } from "../../../components/config";
import { named, ofType, readStackFile, REPO_ROOT, runProgram } from "../../../tools/mock-runner/harness";
import { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { K } from "../../../policies/lib/kubernetes/types";
import { buildConfig } from "../support/config-fixtures";

const EXAMPLE = "examples/metrics-service.yaml";
const envOf = (c: any) => Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));
const podOf = (cj: RecordedResource) => cj.inputs.spec.jobTemplate.spec.template.spec;

describe("backup: SQLite files (metrics-service)", () => {
    let resources: RecordedResource[];
    before(async function () {
        this.timeout(60_000);
        resources = await runProgram({ configFile: EXAMPLE });
    });

    it("one backup CronJob per replica volume, mounting the very claim the StatefulSet creates, on that pod's node", () => {
        const sts = named(resources, K.StatefulSet, "metrics-service-statefulset");
        const template = sts.inputs.spec.volumeClaimTemplates[0].metadata.name;
        const stsName = sts.inputs.metadata.name;
        const backups = ofType(resources, K.CronJob).filter((c) => /-sqlite-backups-backup-/.test(c.name));
        assert.strictEqual(backups.length, sts.inputs.spec.replicas);
        backups.forEach((cj, i) => {
            const pod = podOf(cj);
            // StatefulSet claims are named <template>-<statefulset>-<ordinal>, its pods <statefulset>-<ordinal>.
            const claim = pod.volumes.find((v: any) => v.persistentVolumeClaim && v.name === "source").persistentVolumeClaim.claimName;
            assert.strictEqual(claim, `${template}-${stsName}-${i}`);
            const term = pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
            assert.strictEqual(term.topologyKey, "kubernetes.io/hostname");
            assert.strictEqual(term.labelSelector.matchLabels["statefulset.kubernetes.io/pod-name"], `${stsName}-${i}`);
            // Every other label it asks for is one the service's pods carry.
            const podLabels = sts.inputs.spec.template.metadata.labels;
            for (const [k, v] of Object.entries(term.labelSelector.matchLabels)) {
                if (k !== "statefulset.kubernetes.io/pod-name")
                    assert.strictEqual(podLabels[k], v, `affinity does not select the service's pods (${k})`);
            }
            const step = pod.initContainers.find((c: any) => c.name === "backup");
            const e = envOf(step);
            assert.strictEqual(e.BACKUP_KIND, "sqlite");
            assert.strictEqual(e.BACKUP_DATABASES, `metrics-service-${i}-metrics`);
            assert.strictEqual(e.BACKUP_SQLITE_FILES, `metrics-service-${i}-metrics=/var/lib/backup-source/metrics.db`);
            assert.strictEqual(e.BACKUP_DESTINATION, "s3://mcp-metrics-backups/");
            assert.strictEqual(e.PGHOST, undefined);
            assert.ok(step.volumeMounts.some((m: any) => m.name === "source" && m.mountPath === "/var/lib/backup-source" && !m.readOnly));
            assert.match(step.image, /backup-sqlite/);
            assert.strictEqual(envOf(pod.containers[0]).BACKUP_KEEP_DAILY, "30");
            assert.strictEqual(pod.securityContext.runAsNonRoot, true);
        });
    });

    it("the app's pods and the backup pods run as the same user, so the job can take SQLite's locks", () => {
        const sts = named(resources, K.StatefulSet, "metrics-service-statefulset");
        const app = sts.inputs.spec.template.spec.securityContext;
        const cj = ofType(resources, K.CronJob).find((c) => /-sqlite-backups-backup-/.test(c.name))!;
        const job = podOf(cj).securityContext;
        assert.deepStrictEqual([job.runAsUser, job.fsGroup], [app.runAsUser, app.fsGroup]);
    });

    it("a restore drill of every copy, with no volume and no server; key, egress and ServiceAccount", () => {
        const verify = named(resources, K.CronJob, "metrics-service-sqlite-backups-verify-sqlite");
        const pod = podOf(verify);
        assert.strictEqual(
            envOf(pod.containers[0]).BACKUP_DATABASES,
            "metrics-service-0-metrics metrics-service-1-metrics metrics-service-2-metrics",
        );
        assert.ok(!pod.volumes.some((v: any) => v.persistentVolumeClaim), "the drill must not need the app's volumes");
        assert.ok(!(pod.initContainers ?? []).some((c: any) => c.name === "scratch-postgres"));
        assert.strictEqual(verify.inputs.spec.jobTemplate.metadata.labels["app.kubernetes.io/component"], "restore-verification");
        const key = pod.volumes.find((v: any) => v.name === "encryption-key");
        assert.strictEqual(key.secret.secretName, "backup-encryption-key");
        const egress = named(resources, K.NetworkPolicy, "metrics-service-sqlite-backups-egress");
        assert.deepStrictEqual(egress.inputs.spec.egress, [{ ports: [{ protocol: "TCP", port: 443 }] }]);
        assert.strictEqual(egress.inputs.spec.podSelector.matchLabels["prod-stack.io/backup-of"], "metrics-service-sqlite");
        assert.ok(ofType(resources, K.ServiceAccount).some((s) => s.inputs.metadata.name === "metrics-service-backup"));
    });
});

describe("backup: config errors for backups that would back up nothing", () => {
    const example = () => readStackFile(path.join(REPO_ROOT, EXAMPLE));
    const issuesOf = (raw: Record<string, any>): ConfigIssue[] => {
        const result = parseStackConfig(raw);
        return result.ok ? [] : result.issues;
    };

    it("backup.enabled on a SQLite service with no backup.sqlite names backup.enabled and the fix", () => {
        const raw = example();
        delete raw["backup"].sqlite;
        const issue = issuesOf(raw).find((i) => i.path === "backup.enabled");
        assert.ok(issue, "accepted: backups that copy nothing");
        assert.match(issue!.found, /no database and no backup\.sqlite/);
        assert.match(issue!.fix!, /backup\.sqlite\.files .*backup\.sqlite\.image, or set backup\.enabled: false/);
    });

    it("an explicit backup.enabled: true in dev with neither database nor SQLite files is rejected too", () => {
        const issues = issuesOf(
            (() => {
                const raw = example();
                raw["environment"] = "dev";
                raw["backup"] = { enabled: true, destination: { kind: "filesystem" } };
                delete raw["images"];
                raw["services"][0].replicas = 1;
                delete raw["services"][0].volume;
                return raw;
            })(),
        );
        assert.ok(
            issues.some((i) => i.path === "backup.enabled"),
            JSON.stringify(issues),
        );
    });

    it("a stateless prod stack with the preset's default keeps validating (nothing to lose, no jobs)", () => {
        assert.doesNotThrow(() => buildConfig("prod"));
    });

    const fileIssue = (edit: (file: Record<string, any>, raw: Record<string, any>) => void) => {
        const raw = example();
        edit(raw["backup"].sqlite.files[0], raw);
        return issuesOf(raw).filter((i) => i.path.startsWith("backup.sqlite"));
    };

    it("a file outside the service's volume is named with the mount path", () => {
        const [issue] = fileIssue((f) => (f.path = "/tmp/metrics.db"));
        assert.strictEqual(issue.path, "backup.sqlite.files[0].path");
        assert.match(issue.expected, /under services\[0\]\.volume\.mountPath \(\/var\/lib\/sqlite\/\)/);
    });

    it("an unknown service, a service without a volume, and per-replica volumes under an HPA are rejected", () => {
        assert.strictEqual(fileIssue((f) => (f.service = "nope"))[0].path, "backup.sqlite.files[0].service");
        const noVolume = fileIssue((_f, raw) => delete raw["services"][0].volume);
        assert.match(noVolume[0].found, /has no volume/);
        const scaled = fileIssue((_f, raw) => {
            raw["services"][0].autoscaling = { min: 3, max: 6 };
        });
        assert.match(scaled[0].fix!, /set services\[0\]\.replicas instead of autoscaling/);
    });

    it("the SQLite runner image must be digest-pinned in prod like every platform image", () => {
        const raw = example();
        raw["backup"].sqlite.image = "registry.example.com/mirror/backup-sqlite:3.40.1-bookworm";
        const issue = issuesOf(raw).find((i) => i.path === "backup.sqlite.image");
        assert.ok(issue, "a tag-only runner image was accepted in prod");
    });
});
