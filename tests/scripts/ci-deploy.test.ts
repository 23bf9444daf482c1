import { strict as assert } from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "./support/run-script";

const CI = path.join(PROJECT_ROOT, "scripts", "ci");

interface Result {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Runs a CI script without blocking the event loop (the fake servers below answer from this process). */
function run(script: string, args: string[], env: Record<string, string>): Promise<Result> {
    return new Promise((resolve) => {
        const child = spawn("bash", [path.join(CI, script), ...args], {
            env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: os.tmpdir(), ...env },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("exit", (code) => resolve({ code, stdout, stderr }));
    });
}

async function serve(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe("deploy verification scripts (scripts/ci)", function () {
    this.timeout(60_000);
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "ci-deploy-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("are shellcheck-clean", () => {
        const files = fs.readdirSync(CI).filter((f) => f.endsWith(".sh"));
        assert.ok(files.length >= 4, files.join(", "));
        const result = spawnSync("shellcheck", ["-x", "--severity=info", ...files], { cwd: CI, encoding: "utf8" });
        assert.equal(result.status, 0, result.stdout + result.stderr);
    });

    describe("smoke-test.sh", () => {
        it("passes when every health URL of the stack outputs answers 2xx, fails naming the one that does not", async () => {
            const app = await serve((req, res) => {
                res.statusCode = req.url === "/health/ready" ? 200 : 503;
                res.end();
            });
            try {
                const summary = path.join(dir, "summary.md");
                const outputs = path.join(dir, "outputs.json");
                const env = { SMOKE_ATTEMPTS: "2", SMOKE_DELAY_SECONDS: "0", GITHUB_STEP_SUMMARY: summary };
                fs.writeFileSync(outputs, JSON.stringify({ healthUrls: [{ service: "api", url: `${app.url}/health/ready` }] }));
                const ok = await run("smoke-test.sh", [outputs], env);
                assert.equal(ok.code, 0, ok.stdout + ok.stderr);
                assert.match(fs.readFileSync(summary, "utf8"), /\| api \| .*\/health\/ready \| ok \(200\) \|/);

                fs.writeFileSync(
                    outputs,
                    JSON.stringify({
                        healthUrls: [
                            { service: "api", url: `${app.url}/health/ready` },
                            { service: "portal", url: `${app.url}/broken` },
                        ],
                    }),
                );
                const bad = await run("smoke-test.sh", [outputs], env);
                assert.equal(bad.code, 1);
                assert.match(bad.stderr, /FAIL portal .*\/broken \(503 after 2 attempts\)/);
                assert.match(fs.readFileSync(summary, "utf8"), /\| portal \| .* \| \*\*failed\*\* \(503\) \|/);
            } finally {
                await app.close();
            }
        });
    });

    describe("rollback-triggers.sh", () => {
        /** A fake Prometheus answering the error-rate and the p95 query with the given sample values. */
        async function prometheus(errorRate: string | undefined, p95: string | undefined, queries: string[]) {
            return serve((req, res) => {
                const query = new URL(req.url ?? "/", "http://x").searchParams.get("query") ?? "";
                queries.push(query);
                const value = query.includes("histogram_quantile") ? p95 : errorRate;
                res.setHeader("content-type", "application/json");
                res.end(
                    JSON.stringify({
                        status: "success",
                        data: { resultType: "vector", result: value === undefined ? [] : [{ metric: {}, value: [1700000000, value] }] },
                    }),
                );
            });
        }

        async function evaluate(
            errorRate: string | undefined,
            p95: string | undefined,
        ): Promise<Result & { queries: string[]; summary: string }> {
            const queries: string[] = [];
            const prom = await prometheus(errorRate, p95, queries);
            const summary = path.join(dir, "summary.md");
            try {
                const result = await run("rollback-triggers.sh", ["webapp-prod"], {
                    PROMETHEUS_URL: prom.url,
                    ROLLBACK_WATCH_SECONDS: "0",
                    GITHUB_STEP_SUMMARY: summary,
                });
                return { ...result, queries, summary: fs.existsSync(summary) ? fs.readFileSync(summary, "utf8") : "" };
            } finally {
                await prom.close();
            }
        }

        it("stays quiet under the thresholds and queries the stack's namespace", async () => {
            const r = await evaluate("1.2", "0.4");
            assert.equal(r.code, 0, r.stdout + r.stderr);
            assert.ok(
                r.queries.some((q) => q.includes('status=~"5.."') && q.includes('namespace="webapp-prod"')),
                r.queries.join("\n"),
            );
            assert.ok(r.queries.some((q) => q.startsWith("histogram_quantile(0.95") && q.includes('namespace="webapp-prod"')));
            assert.match(r.summary, /none fired/);
        });

        it("fires on an error rate above 5 %", async () => {
            const r = await evaluate("7.5", "0.4");
            assert.equal(r.code, 2);
            assert.match(r.stdout, /rollback trigger: HTTP error rate 7.5 % > 5 % in webapp-prod/);
            assert.match(r.summary, /Rollback trigger fired/);
        });

        it("fires on a p95 above 10 s, including the +Inf of requests beyond every bucket", async () => {
            const slow = await evaluate("0", "12.5");
            assert.equal(slow.code, 2);
            assert.match(slow.stdout, /p95 latency 12.5 s > 10 s/);
            const inf = await evaluate("0", "+Inf");
            assert.equal(inf.code, 2);
        });

        it("takes no traffic (NaN, no sample) as no signal, and exactly the threshold as not above it", async () => {
            assert.equal((await evaluate("NaN", undefined)).code, 0);
            assert.equal((await evaluate("5", "10")).code, 0);
        });

        it("exits 1 when Prometheus cannot be queried", async () => {
            const r = await run("rollback-triggers.sh", ["webapp-prod"], {
                PROMETHEUS_URL: "http://127.0.0.1:9",
                ROLLBACK_WATCH_SECONDS: "0",
            });
            assert.equal(r.code, 1);
            assert.match(r.stderr, /cannot query Prometheus/);
        });
    });

    describe("pre-deploy-backup.sh", () => {
        /** A kubectl stand-in that logs its arguments, lists one backup CronJob and lets `wait` succeed or fail. */
        function fakeKubectl(waitExit: number): { bin: string; log: string } {
            const log = path.join(dir, "kubectl.log");
            const bin = path.join(dir, "kubectl");
            fs.writeFileSync(
                bin,
                [
                    "#!/usr/bin/env bash",
                    `echo "$*" >> ${JSON.stringify(log)}`,
                    'case "$1" in',
                    '  get) echo "webapp-backup-app" ;;',
                    `  wait) exit ${waitExit} ;;`,
                    "esac",
                ].join("\n"),
                { mode: 0o755 },
            );
            return { bin, log };
        }

        it("runs each backup CronJob of the namespace as a Job and waits for it to complete", async () => {
            const k = fakeKubectl(0);
            const r = await run("pre-deploy-backup.sh", ["webapp-prod"], { KUBECTL: k.bin });
            assert.equal(r.code, 0, r.stdout + r.stderr);
            const calls = fs.readFileSync(k.log, "utf8");
            assert.match(calls, /^get cronjobs -n webapp-prod -l app.kubernetes.io\/component=backup/m);
            assert.match(calls, /^create job -n webapp-prod --from=cronjob\/webapp-backup-app webapp-backup-app-predeploy-[0-9]{14}$/m);
            assert.match(calls, /^wait -n webapp-prod --for=condition=complete --timeout=3600s job\/webapp-backup-app-predeploy-/m);
        });

        it("stops the deploy when the backup does not complete", async () => {
            const k = fakeKubectl(1);
            const r = await run("pre-deploy-backup.sh", ["webapp-prod"], { KUBECTL: k.bin });
            assert.equal(r.code, 1);
            assert.match(r.stderr, /did not complete: the deploy stops here/);
        });
    });
});
