import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PRESETS } from "../../../components/config";
import { knownKeysAt } from "../../../components/config/key-suggest";
import { stackSchema } from "../../../components/config/schema/stack";

const ROOT = path.resolve(__dirname, "../../..");
const PROJECT = "prod-stack";

/** `a.b[0].c` / `a[name].c` -> ["a", "b", 0, "c"]; a bracketed name stands for an element of the array. */
function keyPath(key: string): (string | number)[] {
    return key
        .replace(new RegExp(`^${PROJECT}:`), "")
        .split(/\.|(?=\[)/)
        .filter((p) => p !== "")
        .map((p) => (p.startsWith("[") ? 0 : p));
}

/** The first segment of `key` the schema does not accept, or undefined when every segment exists. */
function unknownSegment(key: string): string | undefined {
    const schema = stackSchema(PRESETS.prod);
    const parts = keyPath(key);
    for (let i = 0; i < parts.length; i++) {
        if (typeof parts[i] === "number") continue;
        if (!knownKeysAt(schema, parts.slice(0, i)).includes(String(parts[i]))) return String(parts[i]);
    }
    return undefined;
}

function markdownFiles(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? markdownFiles(path.join(dir, e.name)) : e.name.endsWith(".md") ? [path.join(dir, e.name)] : []));
}

/** Config keys the docs tell a user to set: `pulumi config set [--path] <key>` and inline `prod-stack:<key>` code. */
function citedKeys(text: string): string[] {
    const set = [...text.matchAll(/pulumi config set (?:--path )?'?([A-Za-z][\w.[\]:-]*)'?/g)].map((m) => m[1]);
    const inline = [...text.matchAll(new RegExp("`" + PROJECT + ":([A-Za-z][\\w.[\\]-]*)", "g"))].map((m) => m[1]);
    return [...set, ...inline];
}

describe("structure: config keys cited in the docs", () => {
    it("finds the keys a runbook cites", () => {
        assert.deepStrictEqual(citedKeys("run `pulumi config set --path 'services[0].image' x` and `prod-stack:backup.schedule`"), [
            "services[0].image",
            "backup.schedule",
        ]);
    });
    it("tells an existing key from a missing one", () => {
        assert.strictEqual(unknownSegment("services[api].autoscaling.max"), undefined);
        assert.strictEqual(unknownSegment("backup.destination.replicaRegion"), undefined);
        assert.strictEqual(unknownSegment("image.tag"), "image");
        assert.strictEqual(unknownSegment("services[0].autoscaling.maxReplicas"), "maxReplicas");
    });
    it("every key docs/ and README.md cite exists in the schema", () => {
        const files = [...markdownFiles(path.join(ROOT, "docs")), path.join(ROOT, "README.md")];
        const bad = files.flatMap((f) =>
            citedKeys(fs.readFileSync(f, "utf8")).flatMap((k) => {
                const seg = unknownSegment(k);
                return seg === undefined ? [] : [`${path.relative(ROOT, f)}: ${k} (no "${seg}")`];
            }),
        );
        assert.deepStrictEqual(bad, []);
    });
});
