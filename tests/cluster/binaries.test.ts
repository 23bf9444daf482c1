/** The control plane's binaries are the pinned releases and say so (clients and version-gated code read it). */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../tools/mock-runner/harness";
import { requiredModules } from "./support/go-mod";

const TOOLCHAIN = path.join(REPO_ROOT, "tools", "toolchain");
const pin = (wrapper: string, module: string) => requiredModules(fs.readFileSync(path.join(TOOLCHAIN, wrapper, "go.mod"), "utf8"))[module];

const BINARIES: [binary: string, args: string[], wrapper: string, module: string][] = [
    ["etcd", ["--version"], "etcd", "go.etcd.io/etcd/server/v3"],
    ["kube-apiserver", ["--version"], "kubernetes", "k8s.io/kubernetes"],
    ["kube-controller-manager", ["--version"], "kubernetes", "k8s.io/kubernetes"],
    ["kube-scheduler", ["--version"], "kubernetes", "k8s.io/kubernetes"],
    ["kubectl", ["version", "--client"], "kubernetes", "k8s.io/kubernetes"],
    ["kwok", ["--version"], "kwok", "sigs.k8s.io/kwok"],
];

describe("cluster: control-plane binaries report their pins", () => {
    for (const [binary, args, wrapper, module] of BINARIES) {
        it(`${binary} reports ${module} as pinned in tools/toolchain/${wrapper}`, () => {
            const version = pin(wrapper, module);
            assert.ok(version, `tools/toolchain/${wrapper}/go.mod does not require ${module}`);
            const bin = path.join(REPO_ROOT, ".tools", "bin", binary);
            assert.ok(fs.existsSync(bin), `${bin} missing: run 'bash scripts/install-cluster-tools.sh'`);
            const r = spawnSync(bin, args, { encoding: "utf8" });
            assert.strictEqual(r.status, 0, r.stderr);
            // etcd prints the version without its "v".
            assert.match(`${r.stdout}${r.stderr}`, new RegExp(`\\bv?${version!.replace(/^v/, "").replace(/\./g, "\\.")}\\b`));
        });
    }

    it("the Kubernetes staging modules are replaced by the release matching k8s.io/kubernetes", () => {
        const goMod = fs.readFileSync(path.join(TOOLCHAIN, "kubernetes", "go.mod"), "utf8");
        const replaced = [...goMod.matchAll(/^\s*(k8s\.io\/\S+) => \1 (v\S+)$/gm)];
        const expected = pin("kubernetes", "k8s.io/kubernetes")!.replace(/^v1\./, "v0.");
        assert.strictEqual(replaced.length, 29);
        assert.deepStrictEqual([...new Set(replaced.map((m) => m[2]))], [expected]);
    });
});
