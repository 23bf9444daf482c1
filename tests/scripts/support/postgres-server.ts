import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { freePort } from "./free-port";

/** Debian installs each major under /usr/lib/postgresql/<major>/bin; take the newest. */
function postgresBinDir(): string {
    const root = "/usr/lib/postgresql";
    const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, "bin", "initdb"))) : [];
    if (majors.length === 0) {
        throw new Error("no PostgreSQL server under /usr/lib/postgresql: run `bash scripts/install-postgres.sh` first");
    }
    majors.sort((a, b) => Number(b) - Number(a));
    return path.join(root, majors[0], "bin");
}

/**
 * A throw-away PostgreSQL server on 127.0.0.1 and a random port, data directory in a temp dir.
 * initdb refuses to run as root, so when the tests run as root the server runs as the `postgres`
 * system user (created by Debian's package) through runuser.
 */
export class PostgresServer {
    readonly port: number;
    readonly dir: string;
    private readonly bin = postgresBinDir();
    private readonly asUser: string[];

    private constructor(port: number) {
        this.port = port;
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "prod-stack-pg-"));
        this.asUser = process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
        if (this.asUser.length > 0) execFileSync("chown", ["postgres", this.dir]);
    }

    static async start(): Promise<PostgresServer> {
        const server = new PostgresServer(await freePort());
        try {
            server.run("initdb", ["-D", server.dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
            server.run("pg_ctl", [
                "-D",
                server.dataDir,
                "-l",
                path.join(server.dir, "server.log"),
                "-w",
                "-t",
                "60",
                "-o",
                `-p ${server.port} -k ${server.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
                "start",
            ]);
        } catch (err) {
            server.stop();
            throw err;
        }
        return server;
    }

    get dataDir(): string {
        return path.join(this.dir, "data");
    }

    /** libpq environment for the scripts and for psql. */
    get env(): Record<string, string> {
        return { PGHOST: "127.0.0.1", PGPORT: String(this.port), PGUSER: "postgres" };
    }

    stop(): void {
        if (fs.existsSync(path.join(this.dataDir, "postmaster.pid"))) {
            const [cmd, ...args] = this.command("pg_ctl", ["-D", this.dataDir, "-m", "immediate", "-w", "stop"]);
            spawnSync(cmd, args, { stdio: "ignore" });
        }
        fs.rmSync(this.dir, { recursive: true, force: true });
    }

    private command(tool: string, args: string[]): string[] {
        return [...this.asUser, path.join(this.bin, tool), ...args];
    }

    private run(tool: string, args: string[]): void {
        const [cmd, ...rest] = this.command(tool, args);
        const result = spawnSync(cmd, rest, { encoding: "utf8" });
        if (result.status !== 0) {
            throw new Error(`${tool} failed (${result.status}): ${result.stderr}${result.stdout}`);
        }
    }
}
