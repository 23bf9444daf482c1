import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { listFiles, runScript, tempDir, writeKeyFile } from "./support/run-script";
import { loadSqliteFixture, sqlite, sqliteFingerprints, SQLITE_FIXTURE_TABLES } from "./support/sqlite";

/** BACKUP_KIND=sqlite with the real sqlite3 binary: the same encrypted pipeline, manifest and tiers as PostgreSQL. */
describe("backup scripts on a SQLite file (BACKUP_KIND=sqlite)", function () {
    this.timeout(300_000);
    let work: string;
    let destination: string;
    let dbFile: string;
    let env: Record<string, string>;

    before(function () {
        work = tempDir("sqlite");
        destination = path.join(work, "dest");
        fs.mkdirSync(destination);
        fs.mkdirSync(path.join(work, "volume"));
        dbFile = path.join(work, "volume", "metrics.db");
        loadSqliteFixture(dbFile);
        env = {
            BACKUP_KIND: "sqlite",
            BACKUP_SQLITE_FILES: `metrics-service-0=${dbFile}`,
            BACKUP_DATABASES: "metrics-service-0",
            BACKUP_DESTINATION: destination,
            BACKUP_ENCRYPTION_KEY_FILE: writeKeyFile(work),
            BACKUP_PBKDF2_ITERATIONS: "100000",
        };
    });

    after(function () {
        if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    it("writes an encrypted copy and a manifest with per-table rows to every tier and moves latest/", function () {
        const result = runScript("backup.sh", env);
        assert.equal(result.code, 0, result.stderr);
        const files = listFiles(destination);
        const id = /daily\/metrics-service-0\/(metrics-service-0-\d{8}T\d{6}Z)\.manifest/.exec(files.join("\n"))?.[1];
        assert.ok(id, `no daily manifest among ${files.join(", ")}`);
        for (const tier of ["daily", "weekly", "monthly"]) assert.ok(files.includes(`${tier}/metrics-service-0/${id}.sql.gz.enc`), tier);
        const object = fs.readFileSync(path.join(destination, `daily/metrics-service-0/${id}.sql.gz.enc`));
        assert.equal(object.subarray(0, 8).toString("latin1"), "Salted__", "object is not openssl-encrypted");
        assert.ok(!object.includes(Buffer.from("SQLite format 3")), "the database header is visible: not encrypted");
        const manifest = fs.readFileSync(path.join(destination, `daily/metrics-service-0/${id}.manifest`), "utf8");
        assert.match(manifest, /^kind\tsqlite$/m);
        assert.match(manifest, /^engine_version\tsqlite3 3\./m);
        assert.match(manifest, /^table\t4000\t[0-9a-f]{16}\tmain\.metrics$/m);
        assert.match(manifest, /^table\t25\t[0-9a-f]{16}\tmain\.api_keys$/m);
        assert.match(manifest, /^table\t0\t[0-9a-f]{16}\tmain\.empty_table$/m);
        assert.equal(
            fs.readFileSync(path.join(destination, "latest/metrics-service-0"), "utf8").trim(),
            `daily/metrics-service-0/${id}.manifest`,
        );
        assert.equal(listFiles(path.dirname(dbFile)).filter((f) => !f.startsWith("metrics.db")).length, 0, "left files on the volume");
    });

    it("restores into a new file with identical rows, refuses to overwrite an existing file", function () {
        const target = path.join(work, "restored.db");
        const result = runScript("restore.sh", { ...env, RESTORE_DATABASE: "metrics-service-0", RESTORE_TARGET_FILE: target });
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stderr, /integrity ok, 3 tables match/);
        assert.deepEqual(sqliteFingerprints(target, SQLITE_FIXTURE_TABLES), sqliteFingerprints(dbFile, SQLITE_FIXTURE_TABLES));

        const again = runScript("restore.sh", { ...env, RESTORE_DATABASE: "metrics-service-0", RESTORE_TARGET_FILE: dbFile });
        assert.equal(again.code, 2);
        assert.match(again.stderr, /RESTORE_TARGET_FILE .*metrics\.db exists; restore into a new path/);
    });

    it("backs up a file that is being written to: the copy is consistent and restores", async function () {
        // A writer holding the database busy in WAL mode, as the running service would.
        const writer = spawn("sqlite3", [dbFile], { stdio: ["pipe", "ignore", "ignore"] });
        const inserts = Array.from(
            { length: 300 },
            (_, i) => `BEGIN; INSERT INTO metrics (name, value) VALUES ('live ${i}', ${i}); COMMIT; SELECT 1 WHERE 0;`,
        ).join("\n");
        writer.stdin.write(".timeout 10000\n" + inserts + "\n");
        await new Promise((r) => setTimeout(r, 1100)); // ids have one-second resolution
        const result = runScript("backup.sh", env);
        writer.stdin.end();
        await new Promise((r) => writer.on("exit", r));
        assert.equal(result.code, 0, result.stderr);
        const drill = runScript("verify-restore.sh", env);
        assert.equal(drill.code, 0, drill.stderr);
    });

    it("restore drill: integrity check and manifest comparison in a scratch file, required tables checked", function () {
        const ok = runScript("verify-restore.sh", { ...env, VERIFY_NONEMPTY_TABLES: "metrics metrics-service-0:main.api_keys" });
        assert.equal(ok.code, 0, ok.stderr);
        assert.match(ok.stderr, /restore drill of metrics-service-0-\d{8}T\d{6}Z passed/);
        const empty = runScript("verify-restore.sh", { ...env, VERIFY_NONEMPTY_TABLES: "empty_table" });
        assert.equal(empty.code, 7, empty.stderr);
        assert.match(empty.stderr, /table main\.empty_table: has 0 rows after restore/);
    });

    it("a missing SQLite file fails the backup (exit 4) instead of backing up an empty database", function () {
        // Its own name: a backup of metrics-service-0 in the same second as the previous test's would be refused first.
        const result = runScript("backup.sh", {
            ...env,
            BACKUP_DATABASES: "missing",
            BACKUP_SQLITE_FILES: `missing=${path.join(work, "volume", "nope.db")}`,
        });
        assert.equal(result.code, 4, result.stderr);
        assert.match(result.stderr, /SQLite file .*nope\.db of missing does not exist/);
        assert.equal(fs.existsSync(path.join(work, "volume", "nope.db")), false);
    });

    it("a name without a file in BACKUP_SQLITE_FILES is a configuration error naming the fix", function () {
        const result = runScript("backup.sh", { ...env, BACKUP_DATABASES: "other" });
        assert.equal(result.code, 2, result.stderr);
        assert.match(result.stderr, /BACKUP_SQLITE_FILES has no entry for other; add other=\/path\/to\/file\.db/);
    });

    it("an object damaged after its checksum was taken is rejected by the integrity checks, not restored", function () {
        const latest = fs.readFileSync(path.join(destination, "latest/metrics-service-0"), "utf8").trim();
        const object = path.join(destination, latest.replace(/\.manifest$/, ".sql.gz.enc"));
        const saved = fs.readFileSync(object);
        try {
            const broken = Buffer.from(saved);
            broken[broken.length - 40] ^= 0xff;
            fs.writeFileSync(object, broken);
            const target = path.join(work, "damaged.db");
            const result = runScript("restore.sh", { ...env, RESTORE_DATABASE: "metrics-service-0", RESTORE_TARGET_FILE: target });
            assert.equal(result.code, 5, result.stderr);
            assert.equal(fs.existsSync(target), false);
        } finally {
            fs.writeFileSync(object, saved);
        }
        assert.equal(sqlite(dbFile, "PRAGMA integrity_check;"), "ok");
    });
});
