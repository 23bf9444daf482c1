import { ChildProcess, spawn, spawnSync } from "child_process";
import * as http from "http";
import * as path from "path";
import { freePort } from "./free-port";
import { S3_VENV_BIN } from "./install";
import { waitFor } from "./run-script";

/**
 * moto's S3 server (pinned in scripts/install-postgres.sh) on 127.0.0.1, with the pinned aws CLI
 * first on PATH. Credentials are moto's dummies: moto accepts any, nothing real is involved.
 */
export class S3Server {
    private constructor(
        private readonly child: ChildProcess,
        readonly endpoint: string,
    ) {}

    static async start(): Promise<S3Server> {
        const port = await freePort();
        const child = spawn(path.join(S3_VENV_BIN, "moto_server"), ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
        const server = new S3Server(child, `http://127.0.0.1:${port}`);
        let up = false;
        const probe = () =>
            http
                .get(server.endpoint, (res) => {
                    up = true;
                    res.resume();
                })
                .on("error", () => undefined);
        try {
            await waitFor(
                "moto_server to answer",
                () => {
                    if (!up) probe();
                    return up;
                },
                60_000,
            );
        } catch (err) {
            server.stop();
            throw err;
        }
        return server;
    }

    /** Environment for the scripts and for aws: pinned CLI, endpoint, dummy credentials. */
    get env(): Record<string, string> {
        return {
            PATH: `${S3_VENV_BIN}:${process.env.PATH}`,
            BACKUP_S3_ENDPOINT_URL: this.endpoint,
            AWS_ACCESS_KEY_ID: "moto-test",
            AWS_SECRET_ACCESS_KEY: "moto-test",
            AWS_DEFAULT_REGION: "us-east-1",
            AWS_EC2_METADATA_DISABLED: "true",
        };
    }

    /** Runs the pinned aws CLI against this server; throws with its stderr. */
    aws(args: string[]): string {
        const result = spawnSync(path.join(S3_VENV_BIN, "aws"), ["--endpoint-url", this.endpoint, ...args], {
            env: { ...process.env, ...this.env },
            encoding: "utf8",
        });
        if (result.status !== 0) throw new Error(`aws ${args.join(" ")} failed: ${result.stderr}`);
        return result.stdout;
    }

    stop(): void {
        this.child.kill("SIGTERM");
    }
}
