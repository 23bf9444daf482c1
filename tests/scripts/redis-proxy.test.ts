import { strict as assert } from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { redisProxyConf } from "../../components/cache/redis-proxy-conf";
import { freePort } from "./support/free-port";
import { ensureInstalled } from "./support/install";
import { tempDir, waitFor } from "./support/run-script";

const PASSWORD = "test-only-" + Math.random().toString(36).slice(2);

function cli(port: number, ...args: string[]): string {
    const r = spawnSync("redis-cli", ["-p", String(port), "--no-auth-warning", ...args], {
        env: { ...process.env, REDISCLI_AUTH: PASSWORD },
        encoding: "utf8",
        timeout: 5000,
    });
    return (r.stdout ?? "").trim();
}

/**
 * The proxy's haproxy.cfg run by the real HAProxy in front of two real Redis servers: writes land on the master, and
 * after the roles swap (what a Sentinel failover does) the same endpoint reaches the new master within seconds.
 */
describe("Redis master proxy (real HAProxy and Redis on loopback)", function () {
    this.timeout(120_000);
    const children: ChildProcess[] = [];
    let work: string;
    let a: number;
    let b: number;
    let proxy: number;

    const startRedis = (port: number, replicaOf?: number) => {
        const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", work];
        args.push("--requirepass", PASSWORD, "--masterauth", PASSWORD);
        if (replicaOf) args.push("--replicaof", "127.0.0.1", String(replicaOf));
        children.push(spawn("redis-server", args, { stdio: "ignore" }));
    };

    before(async function () {
        ensureInstalled();
        work = tempDir("redis-proxy");
        [a, b, proxy] = [await freePort(), await freePort(), await freePort()];
        const health = await freePort();
        startRedis(a);
        startRedis(b, a);
        const cfg = path.join(work, "haproxy.cfg");
        fs.writeFileSync(cfg, redisProxyConf([`127.0.0.1:${a}`, `127.0.0.1:${b}`], { redis: proxy, health }));
        const check = spawnSync("haproxy", ["-c", "-f", cfg], { env: { ...process.env, REDIS_PASSWORD: PASSWORD }, encoding: "utf8" });
        assert.equal(check.status, 0, `haproxy rejects the generated config: ${check.stdout}${check.stderr}`);
        children.push(spawn("haproxy", ["-db", "-f", cfg], { env: { ...process.env, REDIS_PASSWORD: PASSWORD }, stdio: "ignore" }));
        await waitFor("the replica to sync", () => /master_link_status:up/.test(cli(b, "INFO", "replication")), 30_000);
    });

    after(function () {
        for (const c of children) c.kill("SIGKILL");
        if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    it("routes to the master only: writes through the proxy succeed and land on it", async () => {
        await waitFor("a write through the proxy", () => cli(proxy, "SET", "k", "before") === "OK", 30_000);
        // Every new connection, not just a lucky one: a proxy balancing over both members would hit the replica.
        for (let i = 0; i < 10; i++) assert.equal(cli(proxy, "SET", `k${i}`, "v"), "OK", `write ${i} went to a replica`);
        assert.match(cli(proxy, "INFO", "server"), new RegExp(`tcp_port:${a}\\b`));
        assert.equal(cli(a, "GET", "k"), "before");
    });

    it("after the roles swap, the same endpoint writes to the new master instead of a read-only replica", async () => {
        assert.equal(cli(b, "REPLICAOF", "NO", "ONE"), "OK");
        assert.equal(cli(a, "REPLICAOF", "127.0.0.1", String(b)), "OK");
        await waitFor(
            "the proxy to follow the new master",
            () => new RegExp(`tcp_port:${b}\\b`).test(cli(proxy, "INFO", "server")) && cli(proxy, "SET", "k", "after") === "OK",
            15_000,
        );
        assert.equal(cli(b, "GET", "k"), "after");
        for (let i = 0; i < 10; i++) assert.equal(cli(proxy, "SET", `k${i}`, "w"), "OK", `write ${i} went to the demoted master`);
        await waitFor("the old master to replicate from the new one", () => cli(a, "GET", "k") === "after", 15_000);
    });
});
