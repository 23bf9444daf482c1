import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { FIXTURE_TABLES, loadFixture } from "./support/fixture-data";
import { ensureInstalled } from "./support/install";
import { PostgresServer } from "./support/postgres-server";
import { databaseExists, psql, tableFingerprints } from "./support/psql";
import { listFiles, runScript, tempDir, writeKeyFile } from "./support/run-script";

describe("backup scripts against a real PostgreSQL (filesystem target)", function () {
    this.timeout(300_000);
    let server: PostgresServer;
    /** The restore drills' server: a scratch PostgreSQL that holds none of the backed-up databases. */
    let scratch: PostgresServer;
    let work: string;
    let destination: string;
    let env: Record<string, string>;

    before(async function () {
        ensureInstalled();
        server = await PostgresServer.start();
        scratch = await PostgresServer.start();
        work = tempDir("backup");
        destination = path.join(work, "dest");
        fs.mkdirSync(destination);
        env = {
            ...server.env,
            BACKUP_DESTINATION: destination,
            BACKUP_ENCRYPTION_KEY_FILE: writeKeyFile(work),
            BACKUP_DATABASES: "shop",
            BACKUP_PBKDF2_ITERATIONS: "100000",
        };
        loadFixture(server.env, "shop");
    });

    after(function () {
        server?.stop();
        scratch?.stop();
        if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    it("writes encrypted dump and manifest to daily/, weekly/ and monthly/ and points latest/ at it", function () {
        const result = runScript("backup.sh", env);
        assert.equal(result.code, 0, result.stderr);
        const files = listFiles(destination);
        const id = /daily\/shop\/(shop-\d{8}T\d{6}Z)\.manifest/.exec(files.join("\n"))?.[1];
        assert.ok(id, `no daily manifest among ${files.join(", ")}`);
        for (const tier of ["daily", "weekly", "monthly"]) {
            assert.ok(files.includes(`${tier}/shop/${id}.sql.gz.enc`), `${tier} object missing: ${files.join(", ")}`);
            assert.ok(files.includes(`${tier}/shop/${id}.manifest`), `${tier} manifest missing`);
        }
        assert.equal(fs.readFileSync(path.join(destination, "latest/shop"), "utf8").trim(), `daily/shop/${id}.manifest`);
        assert.equal(files.filter((f) => path.basename(f).startsWith(".")).length, 0, `leftover temp files: ${files.join(", ")}`);

        const object = fs.readFileSync(path.join(destination, `daily/shop/${id}.sql.gz.enc`));
        assert.equal(object.subarray(0, 8).toString("latin1"), "Salted__", "object is not openssl-encrypted");
        assert.ok(!object.includes(Buffer.from("customers")), "plain table name visible in the encrypted object");

        const manifest = fs.readFileSync(path.join(destination, `daily/shop/${id}.manifest`), "utf8");
        assert.match(manifest, new RegExp(`^size\\t${object.length}$`, "m"));
        assert.match(manifest, /^table\t3000\t-?\d+\tpublic\.customers$/m);
        assert.match(manifest, /^table\t5000\t-?\d+\tpublic\.orders$/m);
        assert.match(manifest, /^table\t2000\t-?\d+\taudit\.events$/m);
        assert.match(manifest, /^table\t0\t0\tpublic\.empty_table$/m);
    });

    it("restores the latest backup into a new database with identical rows in every table", function () {
        const result = runScript("restore.sh", {
            ...env,
            RESTORE_DATABASE: "shop",
            RESTORE_TARGET_DATABASE: "shop_restored",
            RESTORE_CREATE_DATABASE: "true",
        });
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stderr, /4 tables match/);
        const source = tableFingerprints(server.env, "shop", FIXTURE_TABLES);
        assert.deepEqual(tableFingerprints(server.env, "shop_restored", FIXTURE_TABLES), source);
        assert.match(source["public.customers"], /^3000 [0-9a-f]{32}$/);
        assert.equal(psql(server.env, "shop_restored", "SELECT count(*) FROM public.customers WHERE email IS NULL"), "428");
        assert.equal(psql(server.env, "shop_restored", "SELECT name FROM public.customers WHERE id = 1"), "東京 太郎 #1");
    });

    it("a second backup the same week goes to daily/ only, and restore can name an older one", async function () {
        const before = listFiles(destination).filter((f) => f.endsWith(".manifest"));
        const firstId = path.basename(before.find((f) => f.startsWith("daily/")) as string, ".manifest");
        psql(server.env, "shop", "INSERT INTO public.orders (customer_id, total) VALUES (1, 1.5)");
        await new Promise((r) => setTimeout(r, 1100)); // ids have one-second resolution; a same-second backup is refused
        const result = runScript("backup.sh", env);
        assert.equal(result.code, 0, result.stderr);
        const manifests = listFiles(destination).filter((f) => f.endsWith(".manifest"));
        assert.equal(manifests.filter((f) => f.startsWith("daily/")).length, 2);
        assert.equal(manifests.filter((f) => f.startsWith("weekly/")).length, 1);
        assert.equal(manifests.filter((f) => f.startsWith("monthly/")).length, 1);
        assert.notEqual(fs.readFileSync(path.join(destination, "latest/shop"), "utf8").trim(), `daily/shop/${firstId}.manifest`);

        const named = runScript("restore.sh", {
            ...env,
            RESTORE_DATABASE: "shop",
            RESTORE_BACKUP_ID: firstId,
            RESTORE_TARGET_DATABASE: "shop_first",
            RESTORE_CREATE_DATABASE: "true",
        });
        assert.equal(named.code, 0, named.stderr);
        assert.equal(psql(server.env, "shop_first", "SELECT count(*) FROM public.orders"), "5000");
        assert.equal(psql(server.env, "shop", "SELECT count(*) FROM public.orders"), "5001");
    });

    it("refuses to restore over a database that already has tables", function () {
        const result = runScript("restore.sh", { ...env, RESTORE_DATABASE: "shop", RESTORE_TARGET_DATABASE: "shop" });
        assert.equal(result.code, 2);
        assert.match(result.stderr, /target database shop already holds \d+ tables/);
        assert.equal(psql(server.env, "shop", "SELECT count(*) FROM public.orders"), "5001");
    });

    it("restore drill refuses the server that holds the database (the production primary) and creates nothing there", function () {
        const result = runScript("verify-restore.sh", env);
        assert.equal(result.code, 2, result.stderr);
        assert.match(result.stderr, new RegExp(`server 127\\.0\\.0\\.1:${server.port} holds database shop: it is the production server`));
        assert.equal(databaseExists(server.env, "restore_verify_shop"), false);
    });

    it("restore drill passes on the scratch server, checks required tables and drops its scratch database", function () {
        const result = runScript("verify-restore.sh", {
            ...env,
            ...scratch.env,
            VERIFY_NONEMPTY_TABLES: "shop:public.customers audit.events orders",
        });
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stderr, /restore drill of shop-\d{8}T\d{6}Z passed/);
        assert.equal(databaseExists(scratch.env, "restore_verify_shop"), false);
        assert.equal(databaseExists(server.env, "restore_verify_shop"), false);
    });

    it("restore drill fails naming an empty or missing required table, and still drops the scratch database", function () {
        const result = runScript("verify-restore.sh", {
            ...env,
            ...scratch.env,
            VERIFY_NONEMPTY_TABLES: "public.empty_table shop:public.invoices",
        });
        assert.equal(result.code, 7, result.stderr);
        assert.match(result.stderr, /table public\.empty_table: has 0 rows after restore/);
        assert.match(result.stderr, /table public\.invoices: listed in VERIFY_NONEMPTY_TABLES but not in the restored database/);
        assert.equal(databaseExists(scratch.env, "restore_verify_shop"), false);
    });

    it("accepts the key from BACKUP_ENCRYPTION_KEY when no key file is mounted", function () {
        const key = fs.readFileSync(env.BACKUP_ENCRYPTION_KEY_FILE, "utf8").trim();
        const { BACKUP_ENCRYPTION_KEY_FILE: _unused, ...rest } = env;
        void _unused;
        const result = runScript("verify-restore.sh", { ...rest, ...scratch.env, BACKUP_ENCRYPTION_KEY: key });
        assert.equal(result.code, 0, result.stderr);
    });
});
