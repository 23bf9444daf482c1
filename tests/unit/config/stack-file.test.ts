import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseStackFileText, readStackFile, StackFileError } from "../../../components/config/stack-file";
import { rawConfigFor, REPO_ROOT } from "../../../tools/mock-runner/harness";

/** Line (1-based) of the first line of `text` matching `re`, found independently of the loader under test. */
function lineMatching(text: string, re: RegExp): number {
    const index = text.split("\n").findIndex((l) => re.test(l));
    assert.ok(index >= 0, `no line matches ${re}`);
    return index + 1;
}

describe("stack files read without Pulumi", () => {
    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack}: the same prod-stack values the program gets`, () => {
            const file = readStackFile(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`));
            assert.deepStrictEqual(file.raw, rawConfigFor({ stack }));
        });
    }

    it("knows the line of each key, by service name or index, falling back to the nearest enclosing key", () => {
        const file = path.join(REPO_ROOT, "Pulumi.prod.yaml");
        const text = fs.readFileSync(file, "utf8");
        const sf = readStackFile(file);
        const portal = lineMatching(text, /^\s*- name: portal\s*$/);
        assert.strictEqual(sf.lineOf("services[portal]"), portal);
        assert.strictEqual(sf.lineOf("services[1]"), portal);
        assert.strictEqual(sf.lineOf("services[portal].no.such.key"), portal);
        assert.strictEqual(sf.lineOf("database"), lineMatching(text, /^\s*prod-stack:database:/));
        assert.strictEqual(sf.lineOf("database.kind"), lineMatching(text, /^\s*kind: rds/));
        assert.strictEqual(sf.lineOf("nothing.here"), undefined);
    });

    it("reports a YAML syntax error with the file and line", () => {
        const text = "config:\n  prod-stack:appName: shop\n  prod-stack:services:\n    - name: api\n     port: 8000\n";
        assert.throws(
            () => parseStackFileText(text, "examples/shop.yaml"),
            (e: Error) => {
                assert.ok(e instanceof StackFileError);
                assert.match(e.message, /^examples\/shop\.yaml:5: YAML syntax error: .+; fix: /);
                return true;
            },
        );
    });

    it("reports a duplicated key at its second occurrence", () => {
        assert.throws(
            () => parseStackFileText("config:\n  prod-stack:appName: a\n  prod-stack:appName: b\n", "x.yaml"),
            /^StackFileError: x\.yaml:3: YAML syntax error: Map keys must be unique/,
        );
    });

    it("says what shape it expected when the file is YAML but not a stack file", () => {
        assert.throws(() => parseStackFileText("- a\n- b\n", "x.yaml"), /x\.yaml:1: expected a mapping with a `config:` key; fix: /);
        assert.throws(() => parseStackFileText("config: [1]\n", "x.yaml"), /x\.yaml:1: `config` must be a mapping/);
    });

    it("answers a missing file with its path, not ENOENT", () => {
        assert.throws(
            () => readStackFile("/nonexistent/Pulumi.qa.yaml"),
            (e: Error) => /\/nonexistent\/Pulumi\.qa\.yaml: no such file; fix: /.test(e.message) && !/ENOENT/.test(e.message),
        );
    });
});
