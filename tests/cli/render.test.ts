import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UsageError } from "../../tools/cli/exit-codes";
import { prepareOutDir, RENDER_MARKER } from "../../tools/render/out-dir";
import { main, parseRenderArgs } from "../../tools/render-manifests";

describe("render's output directory", () => {
    let tmp: string;
    beforeEach(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "render-out-"));
    });
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("creates a missing directory and marks it as render's", () => {
        const dir = path.join(tmp, "a", "b");
        prepareOutDir(dir);
        assert.deepStrictEqual(fs.readdirSync(dir), [RENDER_MARKER]);
    });

    it("empties a directory an earlier render left (marker present)", () => {
        prepareOutDir(tmp);
        fs.writeFileSync(path.join(tmp, "old-deployment.yaml"), "kind: Deployment\n");
        prepareOutDir(tmp);
        assert.deepStrictEqual(fs.readdirSync(tmp), [RENDER_MARKER]);
    });

    it("uses an empty directory it did not create", () => {
        prepareOutDir(tmp);
        assert.ok(fs.existsSync(path.join(tmp, RENDER_MARKER)));
    });

    it("refuses, and deletes nothing in, a non-empty directory it did not create", () => {
        fs.writeFileSync(path.join(tmp, "notes.txt"), "mine\n");
        assert.throws(
            () => prepareOutDir(tmp),
            (e: Error) => e instanceof UsageError && /refusing to empty .*: it is not empty and render did not create it/.test(e.message),
        );
        assert.deepStrictEqual(fs.readdirSync(tmp), ["notes.txt"]);
    });

    it("refuses a path that is a file", () => {
        const file = path.join(tmp, "f");
        fs.writeFileSync(file, "x");
        assert.throws(() => prepareOutDir(file), /exists and is not a directory/);
        assert.strictEqual(fs.readFileSync(file, "utf8"), "x");
    });

    it("the command exits 2 on a refused directory and leaves it untouched", async () => {
        fs.writeFileSync(path.join(tmp, "notes.txt"), "mine\n");
        const err: string[] = [];
        const code = await main(["dev", tmp], { stdout: () => undefined, stderr: (t) => err.push(t) });
        assert.strictEqual(code, 2, err.join(""));
        assert.match(err.join(""), /refusing to empty/);
        assert.deepStrictEqual(fs.readdirSync(tmp), ["notes.txt"]);
    });
});

describe("render's arguments", () => {
    it("defaults the output to out/mock-manifests/<stack or file name>", () => {
        const dev = parseRenderArgs(["dev"]);
        assert.ok(dev !== "help" && dev.outDir.endsWith(path.join("out", "mock-manifests", "dev")));
        const tria = parseRenderArgs(["examples/tria.yaml"]);
        assert.ok(tria !== "help" && tria.outDir.endsWith(path.join("out", "mock-manifests", "tria")));
    });

    it("exit 2 for an unknown stack (naming the known ones) and extra arguments; exit 1 for an invalid config", async () => {
        const run = async (argv: string[]) => {
            const err: string[] = [];
            const code = await main(argv, { stdout: () => undefined, stderr: (t) => err.push(t) });
            return { code, err: err.join("") };
        };
        const qa = await run(["qa"]);
        assert.strictEqual(qa.code, 2);
        assert.match(qa.err, /unknown stack "qa"; known stacks: dev, prod, staging/);
        assert.strictEqual((await run(["dev", "a", "b"])).code, 2);
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "render-bad-"));
        try {
            const bad = path.join(tmp, "bad.yaml");
            fs.writeFileSync(bad, "config:\n  prod-stack:appName: shop\n");
            const r = await run([bad, path.join(tmp, "out")]);
            assert.strictEqual(r.code, 1, r.err);
            assert.match(r.err, /bad\.yaml:\d+: prod-stack:\S+: expected .+; fix: /);
            assert.ok(!fs.existsSync(path.join(tmp, "out")), "an invalid config still created the output directory");
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });
});

describe("scripts/test.sh", () => {
    it("rejects an unknown suite with exit 2, naming the known ones, before running anything", () => {
        const r = spawnSync("bash", [path.resolve(__dirname, "../../scripts/test.sh"), "unit", "polices"], { encoding: "utf8" });
        assert.strictEqual(r.status, 2, r.stdout + r.stderr);
        assert.match(r.stderr, /unknown suite 'polices'; known suites: unit cli policies scripts tooling cluster e2e/);
        assert.doesNotMatch(r.stdout, /typecheck/);
    });

    it("knows every suite folder under tests/", () => {
        const r = spawnSync("bash", [path.resolve(__dirname, "../../scripts/test.sh"), "no-such-suite"], { encoding: "utf8" });
        const known = /known suites: (.*)$/m.exec(r.stderr)![1].split(" ");
        const folders = fs
            .readdirSync(path.resolve(__dirname, ".."))
            .filter((d) => d !== "support" && fs.statSync(path.resolve(__dirname, "..", d)).isDirectory());
        assert.deepStrictEqual([...folders].sort(), [...known].sort());
    });
});
