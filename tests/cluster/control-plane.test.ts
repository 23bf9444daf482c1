/** The contract the engine tests rely on: a private control plane that serves, and that stop() leaves nothing behind. */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../tools/mock-runner/harness";
import { ApiClient } from "./support/api-client";
import { startControlPlane } from "./support/control-plane";

const SCRIPT = path.join(REPO_ROOT, "scripts", "control-plane.sh");

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

describe("cluster: control-plane lifecycle", function () {
    this.timeout(5 * 60_000);

    it("startControlPlane() serves /readyz over the client certificate; stop() ends every process and removes its directory", async () => {
        const plane = await startControlPlane();
        const dir = path.dirname(plane.kubeconfig);
        const pids = fs.readdirSync(path.join(dir, "pids")).map((f) => Number(fs.readFileSync(path.join(dir, "pids", f), "utf8")));
        assert.strictEqual(pids.length, 5);
        try {
            assert.match(plane.server, /^https:\/\/127\.0\.0\.1:\d+$/);
            const res = await new ApiClient(plane.kubeconfig).request("GET", "/readyz");
            assert.strictEqual(res.status, 200);
            assert.ok(pids.every(alive), "a component is not running");
        } finally {
            await plane.stop();
        }
        assert.deepStrictEqual(pids.filter(alive), [], "processes left running after stop()");
        assert.ok(!fs.existsSync(dir), `${dir} left behind`);
    });

    it("start without the binaries fails, names the missing binary and the fix, and leaves nothing behind", () => {
        const parent = fs.mkdtempSync(path.join(os.tmpdir(), "prod-stack-cp-test-"));
        const dir = path.join(parent, "state");
        const r = spawnSync("bash", [SCRIPT, "start"], {
            encoding: "utf8",
            env: { ...process.env, CONTROL_PLANE_DIR: dir, CLUSTER_BIN_DIR: path.join(dir, "no-bin") },
        });
        assert.notStrictEqual(r.status, 0);
        assert.match(r.stderr, /no-bin\/etcd is missing; run scripts\/install-cluster-tools\.sh/);
        assert.ok(!fs.existsSync(dir));
        fs.rmSync(parent, { recursive: true, force: true });
    });
});
