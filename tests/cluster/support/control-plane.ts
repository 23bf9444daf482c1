/**
 * Starts the local control plane of scripts/control-plane.sh (etcd, kube-apiserver, controller manager, scheduler,
 * kwok fake nodes, add-on CRDs, all on 127.0.0.1) in a private state directory, and stops it again. The cluster
 * suite and the engine tests (`pulumi up` into it with a kubeconfig provider) share it.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../../tools/mock-runner/harness";

export interface ControlPlane {
    /** Path of an admin kubeconfig (client certificate; valid while the control plane runs). */
    kubeconfig: string;
    /** `https://127.0.0.1:<port>` */
    server: string;
    stop(): Promise<void>;
}

const SCRIPT = path.join(REPO_ROOT, "scripts", "control-plane.sh");

/** Runs `control-plane.sh start`; rejects with the script's output (it names the missing tool or failing component). */
export async function startControlPlane(): Promise<ControlPlane> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prod-stack-cp-"));
    const env = { ...process.env, CONTROL_PLANE_DIR: dir };
    const stopSync = () => {
        spawnSync("bash", [SCRIPT, "stop"], { env, stdio: "ignore" });
    };
    // A test process that exits without calling stop() (a crash, mocha's --exit) still leaves nothing running.
    process.once("exit", stopSync);
    const { code, stdout, stderr } = await run(["start"], env);
    if (code !== 0) {
        process.removeListener("exit", stopSync);
        stopSync();
        throw new Error(`scripts/control-plane.sh start failed (exit ${code}):\n${stderr}`);
    }
    const vars = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    const kubeconfig = vars.KUBECONFIG;
    const server = vars.CONTROL_PLANE_SERVER;
    if (!kubeconfig || !server) throw new Error(`scripts/control-plane.sh start printed no KUBECONFIG/CONTROL_PLANE_SERVER:\n${stdout}`);
    let stopped = false;
    return {
        kubeconfig,
        server,
        async stop() {
            if (stopped) return;
            stopped = true;
            process.removeListener("exit", stopSync);
            const result = await run(["stop"], env);
            if (result.code !== 0) throw new Error(`scripts/control-plane.sh stop failed:\n${result.stderr}`);
        },
    };
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn("bash", [SCRIPT, ...args], { env, cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => {
            stderr += d.toString();
            if (process.env.CONTROL_PLANE_VERBOSE) process.stderr.write(d);
        });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
}
