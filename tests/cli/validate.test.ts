import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

/** Runs the validate entry as `npm run validate` does (node + sucrase's require hook), from the project root. */
function validate(args: string[], cwd = ROOT) {
    const r = spawnSync(process.execPath, ["--require", "sucrase/register/ts", path.join(ROOT, "tools/validate.ts"), ...args], {
        cwd,
        encoding: "utf8",
        env: { ...process.env, INIT_CWD: cwd },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Modules loaded after main() answered `args`, from a fresh process. */
function modulesLoadedFor(args: string[]): string[] {
    const script = `const m = require(${JSON.stringify(path.join(ROOT, "tools/validate/cli.ts"))});
m.main(${JSON.stringify(args)}, { stdout: () => {}, stderr: () => {} });
process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
    const r = spawnSync(process.execPath, ["--require", "sucrase/register/ts", "-e", script], { cwd: ROOT, encoding: "utf8" });
    assert.strictEqual(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as string[];
}

describe("npm run validate", function () {
    this.timeout(60_000);
    let tmp: string;
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "validate-"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const write = (name: string, text: string) => {
        const file = path.join(tmp, name);
        fs.writeFileSync(file, text);
        return file;
    };

    it("accepts every stack and example, exit 0", () => {
        for (const target of ["dev", "staging", "prod", ...fs.readdirSync(path.join(ROOT, "examples")).map((f) => `examples/${f}`)]) {
            const r = validate([target]);
            assert.strictEqual(r.code, 0, `${target}: ${r.err}`);
            assert.match(r.out, /: valid \((dev|staging|prod), (aws|cluster) target, \d+ services?: /);
        }
    });

    it("loads no Pulumi SDK and no provider, but does load the config schemas", () => {
        const loaded = modulesLoadedFor(["prod"]);
        assert.deepStrictEqual(
            loaded.filter((m) => /[\\/]node_modules[\\/]@pulumi[\\/]/.test(m) || /[\\/]tests[\\/]support[\\/]harness/.test(m)),
            [],
        );
        assert.ok(
            loaded.some((m) => m.endsWith(path.join("components", "config", "load.ts"))),
            "the check did not even load the config loader",
        );
        assert.ok(loaded.some((m) => /[\\/]node_modules[\\/]zod[\\/]/.test(m)));
    });

    it("answers a usage error before zod or the schemas load", () => {
        const loaded = modulesLoadedFor(["--bogus"]);
        assert.deepStrictEqual(
            loaded.filter((m) => /[\\/]node_modules[\\/](zod|yaml)[\\/]/.test(m) || /components[\\/]config[\\/](load|schema)/.test(m)),
            [],
        );
    });

    it("exit 2 with usage: no target, an unknown flag, two targets, an unknown stack (naming the known ones), a missing file", () => {
        for (const [args, message] of [
            [[], /a stack name or stack file is required/],
            [["--strict", "prod"], /unknown argument --strict/],
            [["prod", "dev"], /unexpected argument dev/],
            [["qa"], /unknown stack "qa"; known stacks: dev, prod, staging/],
            [["examples/nope.yaml"], /no such stack file: examples\/nope\.yaml/],
        ] as const) {
            const r = validate([...args]);
            assert.strictEqual(r.code, 2, `${args.join(" ")}: ${r.out}${r.err}`);
            assert.match(r.err, message);
            assert.match(r.err, /usage: npm run validate -- <stack \| stack-file\.yaml>/);
            assert.doesNotMatch(r.err, /ENOENT|at .*\.ts:\d+/);
        }
    });

    it("exit 1 on an invalid config: every problem at its file and line, services by name, each with a fix", () => {
        const prod = fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8");
        const broken = prod
            .replace(/(\n\s*)autoscaling:(\s*\n\s*)min: 3/, "$1autoscaling:$2min: 1")
            .replace("prod-stack:database:", "prod-stack:databse:");
        assert.notStrictEqual(broken, prod);
        const file = write("Pulumi.broken.yaml", broken);
        const r = validate([file]);
        assert.strictEqual(r.code, 1, r.out + r.err);
        const lines = r.err.trim().split("\n");
        const minLine = broken.split("\n").findIndex((l) => /^\s*min: 1$/.test(l)) + 1;
        assert.ok(
            lines.includes(
                `${file}:${minLine}: prod-stack:services[api].autoscaling.min: expected >= 3, found 1; fix: at least 3 replicas are required in this environment`,
            ),
            r.err,
        );
        assert.ok(
            lines.some((l) =>
                /:\d+: prod-stack:databse: expected no such key, found an unknown key; fix: did you mean `database`\?/.test(l),
            ),
            r.err,
        );
        assert.ok(
            lines.slice(0, -1).every((l) => /^\S+:\d+: prod-stack:\S+: expected .+; fix: .+/.test(l)),
            r.err,
        );
        assert.match(lines[lines.length - 1], /^\d+ problems in /);
    });

    it("exit 1 on a YAML syntax error, with file and line", () => {
        const file = write(
            "syntax.yaml",
            "config:\n  prod-stack:appName: shop\n  prod-stack:services:\n    - name: api\n     port: 8000\n",
        );
        const r = validate([file]);
        assert.strictEqual(r.code, 1);
        assert.match(r.err, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:5: YAML syntax error: .+; fix: `));
    });

    it("resolves a relative path from where npm was run (INIT_CWD)", () => {
        const r = validate(["../examples/tria.yaml"], path.join(ROOT, "docs"));
        assert.strictEqual(r.code, 0, r.err);
        assert.match(r.out, /^examples\/tria\.yaml: valid/);
    });
});
