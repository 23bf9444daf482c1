import * as assert from "assert";
import { isSecretAt, rawConfigFor, runProgram } from "../../../tools/mock-runner/harness";
import { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { secretLeaks, stringLeaves } from "../../support/secret-scan";
import { K } from "../../../policies/lib/kubernetes/types";
import { exampleFiles, STACKS } from "../../../tools/mock-runner/targets";

const EXAMPLES = exampleFiles();

const STATEFUL_TYPES = [
    "aws:rds/instance:Instance",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:s3/bucket:Bucket",
    "aws:kms/key:Key",
    "aws:secretsmanager/secret:Secret",
    K.Postgresql,
];

/** Mocha builds the test list before `before` hooks run, so the checks read the recorded stack lazily. */
function check(get: () => RecordedResource[], label: string, protectedStack: boolean) {
    it(`${label}: registers a full resource set`, () => {
        const resources = get();
        const types = new Set(resources.map((r) => r.type));
        for (const t of [K.Namespace, K.Service, K.NetworkPolicy]) {
            assert.ok(types.has(t), `${label} lacks ${t}`);
        }
        assert.ok(types.has(K.Deployment) || types.has(K.StatefulSet));
    });

    it(`${label}: generated secret values only ever travel as secrets`, () => {
        assert.deepStrictEqual(secretLeaks(get()), []);
    });

    it(`${label}: no literal secret-looking env values and no secrets in ConfigMaps`, () => {
        const resources = get();
        const offenders: string[] = [];
        for (const r of resources) {
            if (r.type === K.ConfigMap) {
                for (const [k, v] of Object.entries(r.inputs.data ?? {})) {
                    if (/PASSWORD|SECRET|TOKEN|_KEY$|DSN|DATABASE_URL|REDIS_URL/.test(k) && String(v).length > 0)
                        offenders.push(`${r.urn} data.${k}`);
                    if (String(v).includes("MOCKSECRET")) offenders.push(`${r.urn} data.${k} holds a generated secret`);
                }
            }
            const leaves = new Map(stringLeaves(r.inputs));
            for (const [p, v] of leaves) {
                if (!/\.env\[\d+\]\.value$/.test(p)) continue;
                const envName = leaves.get(p.replace(/\.value$/, ".name")) ?? "";
                if (/PASSWORD|SECRET|TOKEN|API_KEY|DSN|DATABASE_URL|REDIS_URL/.test(envName) && v.length > 0 && !isSecretAt(r, p))
                    offenders.push(`${r.urn} ${envName}`);
            }
        }
        assert.deepStrictEqual(offenders, []);
    });

    if (protectedStack) {
        it(`${label}: every stateful resource is protected`, () => {
            const unprotected = get()
                .filter((r) => STATEFUL_TYPES.includes(r.type) && !r.options.protect)
                .map((r) => r.urn);
            assert.deepStrictEqual(unprotected, []);
        });
    }
}

describe("whole stack under mocks", function () {
    this.timeout(120000);
    for (const stack of STACKS) {
        describe(`stack ${stack}`, () => {
            const holder: { resources: RecordedResource[] } = { resources: [] };
            before(async () => {
                holder.resources = await runProgram({ stack });
            });
            check(() => holder.resources, `stack ${stack}`, stack !== "dev");
        });
    }
    for (const file of EXAMPLES) {
        describe(`example ${file}`, () => {
            const holder: { resources: RecordedResource[] } = { resources: [] };
            before(async () => {
                holder.resources = await runProgram({ configFile: file });
            });
            check(() => holder.resources, file, rawConfigFor({ configFile: file }).environment !== "dev");
        });
    }
});
