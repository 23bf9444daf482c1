import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";

// The random plugin is built here from the Terraform provider through the bridge, with a schema our own generation
// step wrote (scripts/generate-random-schema.sh). The program talks to it through @pulumi/random: this checks that the
// plugin's schema has exactly the inputs that SDK sends and the outputs it reads, for the resources the stack uses.
const root = path.resolve(__dirname, "../..");
const schemaFile = path.join(root, "tools/toolchain/pulumi-random/cmd/pulumi-resource-random/schema.json");

interface ResourceSchema {
    inputProperties: Record<string, unknown>;
    requiredInputs?: string[];
    properties: Record<string, { secret?: boolean }>;
}

/** What a generated @pulumi/random resource class sends on create, reads back as state, requires, and marks secret. */
function sdkShape(file: string): { inputs: string[]; outputs: string[]; required: string[]; secrets: string[] } {
    const js = fs.readFileSync(path.join(root, "node_modules/@pulumi/random", file), "utf8");
    const [stateBranch, createBranch] = js.split(/\n\s*else\s*\{/);
    const keys = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => m[1]).sort();
    return {
        outputs: keys(stateBranch.slice(stateBranch.indexOf("if (opts.id)")), /resourceInputs\["(\w+)"\] = state\?\./g),
        inputs: keys(createBranch, /resourceInputs\["(\w+)"\] = args\?\./g),
        required: keys(createBranch, /Missing required property '(\w+)'/g),
        secrets: keys(js.match(/additionalSecretOutputs: \[([^\]]*)\]/)?.[1] ?? "", /"(\w+)"/g),
    };
}

describe("random plugin schema (generated) matches @pulumi/random", () => {
    const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8")) as { version: string; resources: Record<string, ResourceSchema> };
    const sdkVersion = JSON.parse(fs.readFileSync(path.join(root, "node_modules/@pulumi/random/package.json"), "utf8")).version;

    it("is generated for the @pulumi/random version package.json pins", () => {
        assert.equal(schema.version, sdkVersion, "run 'bash scripts/generate-random-schema.sh' after a bump");
    });

    for (const [token, file] of [
        ["random:index/randomPassword:RandomPassword", "randomPassword.js"],
        ["random:index/randomString:RandomString", "randomString.js"],
    ]) {
        it(`${token}: same inputs, outputs, required inputs and secret outputs`, () => {
            const resource = schema.resources[token];
            assert.ok(resource, `${token} missing from the generated schema (tokens: ${Object.keys(schema.resources).join(", ")})`);
            const sdk = sdkShape(file);
            assert.ok(
                sdk.inputs.length > 5 && sdk.outputs.length > sdk.inputs.length - 1,
                `could not read ${file}: ${JSON.stringify(sdk)}`,
            );
            assert.deepEqual(Object.keys(resource.inputProperties).sort(), sdk.inputs);
            assert.deepEqual(Object.keys(resource.properties).sort(), sdk.outputs);
            assert.deepEqual([...(resource.requiredInputs ?? [])].sort(), sdk.required);
            const secret = Object.entries(resource.properties)
                .filter(([, p]) => p.secret)
                .map(([k]) => k)
                .sort();
            assert.deepEqual(secret, sdk.secrets, "secret outputs differ between the schema and the SDK");
        });
    }
});
