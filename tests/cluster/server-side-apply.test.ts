/**
 * Every object of every stack and example through a real API server: server-side apply with dryRun=All and
 * fieldValidation=Strict (unknown fields, invalid names and label values, CRD schema violations, Pod Security warnings
 * on workload templates all surface). Namespaces go first and for real, since namespaced objects need them.
 */
import * as assert from "assert";
import { applyAll, applyPrerequisites } from "./support/apply";
import { cluster, manifestsOf, TARGETS } from "./support/targets";

describe("cluster: server-side apply of every rendered object", function () {
    this.timeout(10 * 60_000);

    before(async function () {
        this.timeout(20 * 60_000);
        await cluster();
    });

    for (const target of TARGETS) {
        it(`${target}: zero rejections and zero warnings (dry run, strict field validation)`, async () => {
            const { client } = await cluster();
            const manifests = await manifestsOf(target);
            assert.ok(manifests.length > 20, `${target} rendered only ${manifests.length} objects`);
            const problems = await applyPrerequisites(client, manifests, ["Namespace"]);
            problems.push(
                ...(await applyAll(
                    client,
                    manifests.filter((m) => m.kind !== "Namespace"),
                    { dryRun: true },
                )),
            );
            assert.deepStrictEqual(problems, []);
        });
    }
});
