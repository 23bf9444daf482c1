import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { isSecretAt, rawConfigFor, REPO_ROOT, runProgram } from "../../support/harness";
import { RecordedResource } from "../../support/recorded-resource";

const STACKS = ["dev", "staging", "prod"];
const EXAMPLES = fs.existsSync(path.join(REPO_ROOT, "examples"))
    ? fs.readdirSync(path.join(REPO_ROOT, "examples")).filter((f) => f.endsWith(".yaml")).map((f) => `examples/${f}`)
    : [];

/** Every (path, string) leaf of a resource's inputs. */
function leaves(value: unknown, prefix = ""): [string, string][] {
    if (typeof value === "string") return [[prefix, value]];
    if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${prefix}[${i}]`));
    if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
    return [];
}

const STATEFUL_TYPES = [
    "aws:rds/instance:Instance",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:s3/bucket:Bucket",
    "aws:kms/key:Key",
    "aws:secretsmanager/secret:Secret",
    "kubernetes:acid.zalan.do/v1:postgresql",
];

/** Mocha builds the test list before `before` hooks run, so the checks read the recorded stack lazily. */
function check(get: () => RecordedResource[], label: string, protectedStack: boolean) {
    it(`${label}: registers a full resource set`, () => {
        const resources = get();
        const types = new Set(resources.map((r) => r.type));
        for (const t of ["kubernetes:core/v1:Namespace", "kubernetes:core/v1:Service", "kubernetes:networking.k8s.io/v1:NetworkPolicy"]) {
            assert.ok(types.has(t), `${label} lacks ${t}`);
        }
        assert.ok(types.has("kubernetes:apps/v1:Deployment") || types.has("kubernetes:apps/v1:StatefulSet"));
    });

    it(`${label}: generated secret values only ever travel as secrets`, () => {
        const resources = get();
        const leaks: string[] = [];
        for (const r of resources) {
            for (const [p, v] of leaves(r.inputs)) {
                if (v.includes("MOCKSECRET") && !isSecretAt(r, p)) leaks.push(`${r.urn} ${p}`);
            }
        }
        assert.deepStrictEqual(leaks, []);
    });

    it(`${label}: no literal secret-looking env values and no secrets in ConfigMaps`, () => {
        const resources = get();
        const offenders: string[] = [];
        for (const r of resources) {
            if (r.type === "kubernetes:core/v1:ConfigMap") {
                for (const [k, v] of Object.entries(r.inputs.data ?? {})) {
                    if (/PASSWORD|SECRET|TOKEN|_KEY$|DSN|DATABASE_URL|REDIS_URL/.test(k) && String(v).length > 0) offenders.push(`${r.urn} data.${k}`);
                    if (String(v).includes("MOCKSECRET")) offenders.push(`${r.urn} data.${k} holds a generated secret`);
                }
            }
            for (const [p, v] of leaves(r.inputs)) {
                const m = /\.env\[(\d+)\]\.value$/.exec(p);
                if (!m) continue;
                const envNamePath = p.replace(/\.value$/, ".name");
                const envName = leaves(r.inputs).find(([q]) => q === envNamePath)?.[1] ?? "";
                if (/PASSWORD|SECRET|TOKEN|API_KEY|DSN|DATABASE_URL|REDIS_URL/.test(envName) && v.length > 0 && !isSecretAt(r, p)) offenders.push(`${r.urn} ${envName}`);
            }
        }
        assert.deepStrictEqual(offenders, []);
    });

    if (protectedStack) {
        it(`${label}: every stateful resource is protected`, () => {
            const unprotected = get().filter((r) => STATEFUL_TYPES.includes(r.type) && !r.options.protect).map((r) => r.urn);
            assert.deepStrictEqual(unprotected, []);
        });
    }
}

describe("whole stack under mocks", function () {
    this.timeout(120000);
    for (const stack of STACKS) {
        describe(`stack ${stack}`, () => {
            const holder: { resources: RecordedResource[] } = { resources: [] };
            before(async () => { holder.resources = await runProgram({ stack }); });
            check(() => holder.resources, `stack ${stack}`, stack !== "dev");
        });
    }
    for (const file of EXAMPLES) {
        describe(`example ${file}`, () => {
            const holder: { resources: RecordedResource[] } = { resources: [] };
            before(async () => { holder.resources = await runProgram({ configFile: file }); });
            check(() => holder.resources, file, rawConfigFor({ configFile: file }).environment !== "dev");
        });
    }
});
