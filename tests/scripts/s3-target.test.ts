import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { FIXTURE_TABLES, loadFixture } from "./support/fixture-data";
import { freePort } from "./support/free-port";
import { ensureInstalled } from "./support/install";
import { PostgresServer } from "./support/postgres-server";
import { databaseExists, tableFingerprints } from "./support/psql";
import { runScript, tempDir, writeKeyFile } from "./support/run-script";
import { S3Server } from "./support/s3-server";

describe("backup scripts against an S3-compatible store (moto on loopback)", function () {
    this.timeout(300_000);
    let pg: PostgresServer;
    /** The drill's server: restore drills never run on the server holding the database (verify-restore.sh refuses). */
    let scratch: PostgresServer;
    let s3: S3Server;
    let work: string;
    let env: Record<string, string>;
    const keys = () =>
        s3
            .aws(["s3api", "list-objects-v2", "--bucket", "backups", "--query", "Contents[].Key", "--output", "text"])
            .trim()
            .split(/\s+/)
            .sort();

    before(async function () {
        ensureInstalled();
        pg = await PostgresServer.start();
        scratch = await PostgresServer.start();
        s3 = await S3Server.start();
        s3.aws(["s3api", "create-bucket", "--bucket", "backups"]);
        work = tempDir("s3");
        env = {
            ...pg.env,
            ...s3.env,
            BACKUP_DESTINATION: "s3://backups/prod",
            BACKUP_ENCRYPTION_KEY_FILE: writeKeyFile(work),
            BACKUP_DATABASES: "shop",
            BACKUP_PBKDF2_ITERATIONS: "100000",
        };
        loadFixture(pg.env, "shop");
    });

    after(function () {
        s3?.stop();
        pg?.stop();
        scratch?.stop();
        if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    it("backs up under the bucket prefix with lifecycle-friendly tier prefixes and restores identical data", function () {
        const backup = runScript("backup.sh", env);
        assert.equal(backup.code, 0, backup.stderr);
        const stored = keys();
        const id = /^prod\/daily\/shop\/(shop-\d{8}T\d{6}Z)\.manifest$/m.exec(stored.join("\n"))?.[1];
        assert.ok(id, `no daily manifest in ${stored.join(", ")}`);
        assert.deepEqual(
            stored,
            [
                "prod/latest/shop",
                ...["daily", "monthly", "weekly"].flatMap((tier) => [
                    `prod/${tier}/shop/${id}.manifest`,
                    `prod/${tier}/shop/${id}.sql.gz.enc`,
                ]),
            ].sort(),
        );

        const restore = runScript("restore.sh", {
            ...env,
            RESTORE_DATABASE: "shop",
            RESTORE_TARGET_DATABASE: "shop_from_s3",
            RESTORE_CREATE_DATABASE: "true",
        });
        assert.equal(restore.code, 0, restore.stderr);
        assert.deepEqual(tableFingerprints(pg.env, "shop_from_s3", FIXTURE_TABLES), tableFingerprints(pg.env, "shop", FIXTURE_TABLES));

        const drill = runScript("verify-restore.sh", { ...env, ...scratch.env, VERIFY_NONEMPTY_TABLES: "public.customers" });
        assert.equal(drill.code, 0, drill.stderr);
        const retention = runScript("retention.sh", env);
        assert.equal(retention.code, 0, retention.stderr);
        assert.deepEqual(keys(), stored, "retention deleted a backup it must keep");
    });

    it("a truncated object in the bucket fails restore on checksum", function () {
        const latest = s3.aws(["s3", "cp", "s3://backups/prod/latest/shop", "-"]).trim();
        const objectKey = `prod/${latest.replace(/\.manifest$/, ".sql.gz.enc")}`;
        const local = path.join(work, "object");
        s3.aws(["s3", "cp", `s3://backups/${objectKey}`, local]);
        const original = fs.readFileSync(local);
        fs.truncateSync(local, 100);
        s3.aws(["s3", "cp", local, `s3://backups/${objectKey}`]);
        try {
            const result = runScript("restore.sh", {
                ...env,
                RESTORE_DATABASE: "shop",
                RESTORE_TARGET_DATABASE: "shop_s3_truncated",
                RESTORE_CREATE_DATABASE: "true",
            });
            assert.equal(result.code, 5, result.stderr);
            assert.match(result.stderr, /checksum mismatch .* stored object has 100 bytes/);
            assert.equal(databaseExists(pg.env, "shop_s3_truncated"), false);
        } finally {
            fs.writeFileSync(local, original);
            s3.aws(["s3", "cp", local, `s3://backups/${objectKey}`]);
        }
    });

    it("unreachable endpoint: exit 3 naming the bucket and endpoint, before any dump", async function () {
        const closed = `http://127.0.0.1:${await freePort()}`;
        const result = runScript("backup.sh", { ...env, BACKUP_S3_ENDPOINT_URL: closed, AWS_MAX_ATTEMPTS: "1" });
        assert.equal(result.code, 3, result.stderr);
        assert.match(result.stderr, new RegExp(`bucket backups is unreachable at ${closed}`));
        assert.doesNotMatch(result.stderr, /backing up database/);
    });
});
