import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { changesOf, manifestFiles, policyArgs, ScratchProject } from "./support/engine";
import { findToolchain, repoRoot, type Toolchain } from "./support/toolchain";

// The real Pulumi engine against the dev stack: local file backend, passphrase secrets, the
// kubernetes provider rendering manifests to a directory, so no cluster or cloud account is needed.
describe("dev stack through the real Pulumi engine", function () {
  this.timeout(15 * 60_000);
  let toolchain: Toolchain;
  let project: ScratchProject | undefined;

  before(function () {
    const found = findToolchain();
    if ("missing" in found) {
      const message = `Pulumi toolchain not installed:\n  ${found.missing.join("\n  ")}`;
      // The Go module proxy reachable here refuses pulumi/pkg v3.270.0 and has no tagged language host or
      // provider modules (tools/toolchain/README.md), so a missing toolchain is a loud skip unless a machine
      // that can provide it asks for the suite to be mandatory.
      if (process.env.REQUIRE_PULUMI_ENGINE === "1") throw new Error(message);
      console.log(`  SKIPPED: the real-engine suite needs the Pulumi CLI, language host and plugins. ${message}`);
      this.skip();
    }
    toolchain = found as Toolchain;
    project = new ScratchProject(toolchain);
    project.initDevStack();
  });

  after(function () {
    if (!project) return;
    // Destroy is part of the lifecycle under test; it runs even when an earlier step failed.
    const destroyed = project.pulumi(["destroy", "--yes", "--stack", "dev"]);
    project.remove();
    assert.equal(destroyed.status, 0, `pulumi destroy failed:\n${destroyed.stderr}${destroyed.stdout}`);
  });

  it("previews with the dev policy config and no policy failure", function () {
    const r = project!.pulumiOk(["preview", "--json", "--stack", "dev", ...policyArgs(path.join(repoRoot, "policies/config/dev.json"))]);
    const changes = changesOf(r.stdout);
    assert.ok((changes.create ?? 0) > 0, `preview of an empty stack should create resources, got ${JSON.stringify(changes)}`);
  });

  it("deploys by rendering manifests, and a second up changes nothing", function () {
    const first = project!.pulumiOk(["up", "--yes", "--json", "--stack", "dev", ...policyArgs(path.join(repoRoot, "policies/config/dev.json"))]);
    assert.ok((changesOf(first.stdout).create ?? 0) > 0, "first up created nothing");
    assert.ok(manifestFiles(project!.renderDir).length > 0, `no manifests rendered under ${project!.renderDir}`);

    const second = project!.pulumiOk(["up", "--yes", "--json", "--stack", "dev", ...policyArgs(path.join(repoRoot, "policies/config/dev.json"))]);
    assert.deepEqual(changesOf(second.stdout), {}, "second up of an unchanged program must be a no-op");
  });

  it("renders manifests that kube-score rates without a CRITICAL finding", function () {
    const files = manifestFiles(project!.renderDir);
    assert.ok(files.length > 0, "nothing rendered to score");
    const r = spawnSync(toolchain.kubeScore, ["score", "--output-format", "ci", ...files], { encoding: "utf8" });
    const critical = r.stdout.split("\n").filter((line) => line.startsWith("[CRITICAL]"));
    assert.deepEqual(critical, [], `kube-score CRITICAL findings:\n${critical.join("\n")}`);
  });

  it("blocks an insecure variant (mutable image tag) with the k8s-image-pinned policy", function () {
    project!.pulumiOk(["config", "set", "--path", "services[0].image", "ghcr.io/example/webapp-api:latest", "--stack", "dev"]);
    try {
      const fixture = path.join(__dirname, "fixtures/policy-image-pinned-mandatory.json");
      const r = project!.pulumi(["preview", "--json", "--stack", "dev", ...policyArgs(fixture)]);
      assert.notEqual(r.status, 0, "preview of a :latest image passed a mandatory k8s-image-pinned policy");
      assert.match(`${r.stdout}${r.stderr}`, /k8s-image-pinned/);
    } finally {
      project!.pulumiOk(["config", "set", "--path", "services[0].image", "ghcr.io/example/webapp-api:1.4.2", "--stack", "dev"]);
    }
  });
});
