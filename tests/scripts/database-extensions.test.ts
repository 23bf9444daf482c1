import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { EXTENSIONS_PSQL, extensionsSql } from "../../components/database/extensions";
import { loadFixture } from "./support/fixture-data";
import { ensureInstalled } from "./support/install";
import { PostgresServer } from "./support/postgres-server";
import { psql } from "./support/psql";
import { runScript, tempDir, writeKeyFile } from "./support/run-script";

/** Runs the RDS extensions Job's command as its container would: sh, libpq env, the SQL in $EXTENSIONS_SQL. */
function runExtensionsJob(env: Record<string, string>, extensions: string[]) {
    return spawnSync("/bin/sh", ["-c", EXTENSIONS_PSQL], {
        env: { PATH: process.env.PATH, ...env, EXTENSIONS_SQL: extensionsSql(extensions) },
        encoding: "utf8",
    });
}

const installed = (env: Record<string, string>, db: string) =>
    psql(env, db, "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension WHERE extname <> 'plpgsql'");

/**
 * Against the real PostgreSQL the script tests start (Debian's server: contrib ships pg_stat_statements and pg_trgm;
 * pgvector and TimescaleDB are not installed, so the missing-extension path is tested with vector).
 */
describe("database extensions and restores against a real PostgreSQL", function () {
    this.timeout(300_000);
    let server: PostgresServer;
    let scratch: PostgresServer;
    let work: string;
    let env: Record<string, string>;

    before(async function () {
        ensureInstalled();
        server = await PostgresServer.start();
        scratch = await PostgresServer.start();
        work = tempDir("extensions");
        fs.mkdirSync(path.join(work, "dest"));
        psql(server.env, "postgres", "CREATE DATABASE app");
        env = {
            ...server.env,
            PGDATABASE: "app",
            BACKUP_DESTINATION: path.join(work, "dest"),
            BACKUP_ENCRYPTION_KEY_FILE: writeKeyFile(work),
            BACKUP_DATABASES: "shop",
            BACKUP_PBKDF2_ITERATIONS: "100000",
        };
    });

    after(function () {
        server?.stop();
        scratch?.stop();
        if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    it("the Job's command creates the extensions the config asks for, and a re-run changes nothing", function () {
        const first = runExtensionsJob(env, ["pg_stat_statements", "pg_trgm"]);
        assert.equal(first.status, 0, first.stderr);
        assert.equal(installed(server.env, "app"), "pg_stat_statements,pg_trgm");
        const again = runExtensionsJob(env, ["pg_stat_statements", "pg_trgm"]);
        assert.equal(again.status, 0, again.stderr);
        assert.match(again.stderr, /extension "pg_trgm" already exists, skipping/);
        assert.equal(psql(server.env, "app", "SELECT similarity('backup', 'backups') > 0.5"), "t");
    });

    it("an extension the server lacks fails the Job naming it, and creates none of the list", function () {
        psql(server.env, "postgres", "CREATE DATABASE app2");
        const result = runExtensionsJob({ ...env, PGDATABASE: "app2" }, ["pg_trgm", "vector"]);
        assert.notEqual(result.status, 0);
        assert.match(result.stderr, /extension "vector" is not available|could not open extension control file .*vector\.control/);
        assert.equal(installed(server.env, "app2"), "");
    });

    it("backups record the database's extensions; a restore drill restores them on the scratch server", function () {
        loadFixture(server.env, "shop");
        psql(server.env, "shop", "CREATE EXTENSION pg_stat_statements; CREATE EXTENSION pg_trgm");
        const backup = runScript("backup.sh", env);
        assert.equal(backup.code, 0, backup.stderr);
        const latest = fs.readFileSync(path.join(work, "dest", "latest", "shop"), "utf8").trim();
        const manifest = fs.readFileSync(path.join(work, "dest", latest), "utf8");
        assert.match(manifest, /^extensions\tpg_stat_statements,pg_trgm,plpgsql$/m);
        assert.match(manifest, /^kind\tpostgres$/m);

        const drill = runScript("verify-restore.sh", { ...env, ...scratch.env });
        assert.equal(drill.code, 0, drill.stderr);
        const restored = runScript("restore.sh", {
            ...env,
            ...scratch.env,
            RESTORE_DATABASE: "shop",
            RESTORE_TARGET_DATABASE: "shop_restored",
            RESTORE_CREATE_DATABASE: "true",
        });
        assert.equal(restored.code, 0, restored.stderr);
        assert.equal(installed(scratch.env, "shop_restored"), "pg_stat_statements,pg_trgm");
    });

    it("a TimescaleDB dump is restored between timescaledb_pre_restore() and timescaledb_post_restore(), others are not", function () {
        const latest = fs.readFileSync(path.join(work, "dest", "latest", "shop"), "utf8").trim();
        const manifestFile = path.join(work, "dest", latest);
        const wrapper = (manifest: string) =>
            ["before", "after"].map((when) => {
                const run = spawnSync(
                    "bash",
                    [
                        "-c",
                        'set -euo pipefail; LIB_DIR="$0/lib"; source "$LIB_DIR/common.sh"; source "$LIB_DIR/restore.sh"; restore_wrapper "$1" "$2"',
                        path.resolve(__dirname, "../../components/backup/scripts"),
                        manifest,
                        when,
                    ],
                    { encoding: "utf8", env: { PATH: process.env.PATH } as NodeJS.ProcessEnv },
                );
                assert.equal(run.status, 0, run.stderr);
                return run.stdout;
            });
        assert.deepEqual(wrapper(manifestFile), ["", ""]);
        const timescale = path.join(work, "timescale.manifest");
        fs.writeFileSync(timescale, fs.readFileSync(manifestFile, "utf8").replace(/^extensions\t.*$/m, "extensions\tplpgsql,timescaledb"));
        assert.deepEqual(wrapper(timescale), [
            "CREATE EXTENSION IF NOT EXISTS timescaledb;\nSELECT timescaledb_pre_restore();\n",
            "SELECT timescaledb_post_restore();\n",
        ]);

        // The wrapper really is in the restore's SQL: on a server without TimescaleDB the claimed extension makes the
        // restore fail inside its transaction, leaving the target empty.
        const dest = path.join(work, "dest");
        fs.copyFileSync(timescale, path.join(dest, latest));
        const objectFile = path.join(dest, latest.replace(/\.manifest$/, ".sql.gz.enc"));
        assert.ok(fs.existsSync(objectFile));
        const result = runScript("restore.sh", {
            ...env,
            ...scratch.env,
            RESTORE_DATABASE: "shop",
            RESTORE_TARGET_DATABASE: "shop_timescale",
            RESTORE_CREATE_DATABASE: "true",
        });
        assert.equal(result.code, 4, result.stderr);
        assert.match(result.stderr, /restoring into shop_timescale failed and was rolled back: .*timescaledb/);
        assert.equal(psql(scratch.env, "shop_timescale", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
    });
});
