import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "../..");
const toolchainDir = path.join(root, "tools/toolchain");
const goMod = (wrapper: string) => fs.readFileSync(path.join(toolchainDir, wrapper, "go.mod"), "utf8");

/** The version a wrapper's go.mod requires for a module (single-line or block require). */
function pinned(wrapper: string, module: string): string | undefined {
  const line = goMod(wrapper)
    .split("\n")
    .map((l) => l.trim().replace(/^require\s+/, "").split(/\s+/))
    .find(([m]) => m === module);
  return line?.[1];
}

describe("Go toolchain wrapper modules", () => {
  const testTools: [string, string][] = [
    ["kube-score", "github.com/zegl/kube-score"],
    ["actionlint", "github.com/rhysd/actionlint"],
    ["promtool", "github.com/prometheus/prometheus"],
  ];

  it("pin the Pulumi CLI build to the @pulumi/pulumi version the program uses", () => {
    const sdk = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).dependencies["@pulumi/pulumi"];
    assert.equal(pinned("pulumi", "github.com/pulumi/pulumi/pkg/v3"), `v${sdk}`);
    assert.equal(pinned("pulumi", "github.com/pulumi/pulumi/sdk/v3"), `v${sdk}`);
  });

  for (const [tool, module] of testTools) {
    it(`${tool}: one tool directive, a committed go.sum, and the built binary reports the pin`, () => {
      const mod = goMod(tool);
      assert.equal(mod.match(/^tool /gm)?.length, 1, `${tool}/go.mod must name exactly one tool`);
      assert.ok(fs.existsSync(path.join(toolchainDir, tool, "go.sum")), `${tool}/go.sum is not committed`);
      const version = pinned(tool, module);
      assert.ok(version, `${tool}/go.mod does not require ${module}`);
      const bin = path.join(root, ".tools/bin", tool);
      assert.ok(fs.existsSync(bin), `${bin} missing: run 'bash scripts/install-go-tools.sh ${tool}'`);
      const r = spawnSync(bin, [tool === "kube-score" ? "version" : "--version"], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      assert.ok(`${r.stdout}${r.stderr}`.includes(version!.replace(/^v/, "")), `${tool} reports ${r.stdout.trim()}, pinned ${version}`);
    });
  }

  it("install-go-tools.sh skips tools whose pin is unchanged", () => {
    const r = spawnSync("bash", [path.join(root, "scripts/install-go-tools.sh")], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    for (const [tool] of testTools) assert.match(r.stderr, new RegExp(`${tool}: up to date`));
    assert.doesNotMatch(r.stderr, /building/);
  });
});
