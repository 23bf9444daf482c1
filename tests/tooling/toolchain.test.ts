import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { cliRoot, pulumiHome } from "../../tools/engine/paths";

const root = path.resolve(__dirname, "../..");
const toolchainDir = path.join(root, "tools/toolchain");
const goMod = (wrapper: string) => fs.readFileSync(path.join(toolchainDir, wrapper, "go.mod"), "utf8");
const npmPin = (manifest: string, pkg: string): string =>
    JSON.parse(fs.readFileSync(path.join(root, manifest), "utf8")).dependencies[pkg] as string;

/** The version a wrapper's go.mod requires for a module (single-line or block require). */
function pinned(wrapper: string, module: string): string | undefined {
    const line = goMod(wrapper)
        .split("\n")
        .map((l) =>
            l
                .trim()
                .replace(/^require\s+/, "")
                .split(/\s+/),
        )
        .find(([m]) => m === module);
    return line?.[1];
}

describe("toolchain pins agree", () => {
    const sdk = npmPin("package.json", "@pulumi/pulumi");

    it("the program, the policy pack and the CLI wrapper use one @pulumi/pulumi version", () => {
        assert.equal(npmPin("policies/package.json", "@pulumi/pulumi"), sdk, "policies/package.json and package.json disagree");
        assert.equal(pinned("pulumi", "github.com/pulumi/pulumi/pkg/v3"), `v${sdk}`);
        assert.equal(pinned("pulumi", "github.com/pulumi/pulumi/sdk/v3"), `v${sdk}`);
    });

    it("the kubernetes plugin wrapper builds the @pulumi/kubernetes release", () => {
        // The provider module has no release tags: the wrapper pins that release's SDK module beside the commit.
        assert.equal(
            pinned("pulumi-kubernetes", "github.com/pulumi/pulumi-kubernetes/sdk/v4"),
            `v${npmPin("package.json", "@pulumi/kubernetes")}`,
        );
        assert.match(
            pinned("pulumi-kubernetes", "github.com/pulumi/pulumi-kubernetes/provider/v4") ?? "",
            /^v4\.0\.0-\d{14}-[0-9a-f]{12}$/,
        );
    });

    it("the random plugin's generated schema is for the @pulumi/random version", () => {
        const schema = JSON.parse(fs.readFileSync(path.join(toolchainDir, "pulumi-random/cmd/pulumi-resource-random/schema.json"), "utf8"));
        assert.equal(schema.version, npmPin("package.json", "@pulumi/random"));
    });

    for (const wrapper of ["pulumi", "pulumi-kubernetes", "pulumi-random", "kube-score", "actionlint", "pod-security"]) {
        it(`${wrapper}: go.sum is committed`, () => {
            assert.ok(fs.existsSync(path.join(toolchainDir, wrapper, "go.sum")), `${wrapper}/go.sum is not committed`);
        });
    }

    it("the installed CLI and plugins are exactly those versions", () => {
        const cli = path.join(cliRoot(), "bin", "pulumi");
        assert.ok(fs.existsSync(cli), `${cli} missing: run 'bash scripts/install-pulumi.sh'`);
        const version = spawnSync(cli, ["version"], { encoding: "utf8" });
        assert.equal(version.stdout.trim(), `v${sdk}`);
        const env = { ...process.env, PULUMI_HOME: pulumiHome(), PULUMI_SKIP_UPDATE_CHECK: "true" };
        const ls = spawnSync(cli, ["plugin", "ls", "--json"], { encoding: "utf8", env });
        assert.equal(ls.status, 0, ls.stderr);
        const plugins = (JSON.parse(ls.stdout) as { name: string; kind: string; version: string }[]).filter((p) => p.kind === "resource");
        for (const p of ["kubernetes", "random"]) {
            const want = npmPin("package.json", `@pulumi/${p}`);
            assert.ok(
                plugins.some((i) => i.name === p && i.version === want),
                `${p} v${want} not installed: ${JSON.stringify(plugins)}`,
            );
        }
    });
});

describe("Go-built test tools", () => {
    const testTools: [string, string][] = [
        ["kube-score", "github.com/zegl/kube-score"],
        ["actionlint", "github.com/rhysd/actionlint"],
    ];

    for (const [tool, module] of testTools) {
        it(`${tool}: one tool directive, and the built binary reports the pin`, () => {
            const mod = goMod(tool);
            assert.equal(mod.match(/^tool /gm)?.length, 1, `${tool}/go.mod must name exactly one tool`);
            const version = pinned(tool, module);
            assert.ok(version, `${tool}/go.mod does not require ${module}`);
            const bin = path.join(root, ".tools/bin", tool);
            assert.ok(fs.existsSync(bin), `${bin} missing: run 'bash scripts/install-go-tools.sh ${tool}'`);
            const r = spawnSync(bin, [tool === "kube-score" ? "version" : "--version"], { encoding: "utf8" });
            assert.equal(r.status, 0, r.stderr);
            assert.ok(
                `${r.stdout}${r.stderr}`.includes(version!.replace(/^v/, "")),
                `${tool} reports ${r.stdout.trim()}, pinned ${version}`,
            );
        });
    }

    it("install-go-tools.sh skips tools whose pin is unchanged", () => {
        const r = spawnSync("bash", [path.join(root, "scripts/install-go-tools.sh"), ...testTools.map(([t]) => t)], { encoding: "utf8" });
        assert.equal(r.status, 0, r.stderr);
        for (const [tool] of testTools) assert.match(r.stderr, new RegExp(`${tool}: up to date`));
        assert.doesNotMatch(r.stderr, /building/);
    });
});
