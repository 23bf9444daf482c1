import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ensureInstalled } from "./support/install";
import { listFiles, runScript, tempDir } from "./support/run-script";

/** A completed backup as backup.sh lays it out: object plus manifest (retention reads names only). */
function seed(root: string, tier: string, db: string, stamp: string, withManifest = true): void {
    const dir = path.join(root, tier, db);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${db}-${stamp}.sql.gz.enc`), `object ${stamp}`);
    if (withManifest)
        fs.writeFileSync(path.join(dir, `${db}-${stamp}.manifest`), `format\tprod-stack.io/backup-manifest/v1\nid\t${db}-${stamp}\n`);
}

function point(root: string, db: string, tier: string, stamp: string): void {
    fs.mkdirSync(path.join(root, "latest"), { recursive: true });
    fs.writeFileSync(path.join(root, "latest", db), `${tier}/${db}/${db}-${stamp}.manifest\n`);
}

/** Stamps (YYYYMMDDTHHMMSSZ) that still have a manifest in tier/db after retention. */
function remaining(root: string, tier: string, db: string): string[] {
    return listFiles(root)
        .filter((f) => f.startsWith(`${tier}/${db}/`) && f.endsWith(".manifest"))
        .map((f) => /-(\d{8}T\d{6}Z)\.manifest$/.exec(f)?.[1] as string)
        .sort();
}

const day = (d: string, time = "020000") => `${d.replace(/-/g, "")}T${time}Z`;
const nowStamp = () =>
    new Date()
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d+Z$/, "Z");

describe("retention.sh keeps 7 daily, 4 weekly, 12 monthly", function () {
    this.timeout(120_000);
    let root: string;
    const env = () => ({ BACKUP_DESTINATION: root });

    before(() => ensureInstalled());
    beforeEach(() => {
        root = tempDir("retention");
        for (let d = 1; d <= 15; d++) seed(root, "daily", "shop", day(`2026-03-${String(d).padStart(2, "0")}`));
        seed(root, "daily", "shop", day("2026-03-15", "140000")); // ad-hoc second backup on the newest day
        // 2025-12-29 and 2026-01-02 share ISO week 2026-W01 although their calendar years differ.
        for (const d of ["2025-12-22", "2025-12-29", "2026-01-02", "2026-01-05", "2026-01-12"]) seed(root, "weekly", "shop", day(d));
        for (let m = 0; m < 15; m++) {
            const year = 2025 + Math.floor(m / 12);
            seed(root, "monthly", "shop", day(`${year}-${String((m % 12) + 1).padStart(2, "0")}-01`));
        }
        point(root, "shop", "daily", day("2026-03-15", "140000"));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("keeps the newest backup of each of the newest N periods per tier and deletes the rest", function () {
        const result = runScript("retention.sh", env());
        assert.equal(result.code, 0, result.stderr);
        assert.deepEqual(remaining(root, "daily", "shop"), [
            day("2026-03-09"),
            day("2026-03-10"),
            day("2026-03-11"),
            day("2026-03-12"),
            day("2026-03-13"),
            day("2026-03-14"),
            day("2026-03-15", "140000"),
        ]);
        assert.deepEqual(remaining(root, "weekly", "shop"), [day("2025-12-22"), day("2026-01-02"), day("2026-01-05"), day("2026-01-12")]);
        assert.deepEqual(
            remaining(root, "monthly", "shop"),
            [
                "2025-04",
                "2025-05",
                "2025-06",
                "2025-07",
                "2025-08",
                "2025-09",
                "2025-10",
                "2025-11",
                "2025-12",
                "2026-01",
                "2026-02",
                "2026-03",
            ].map((m) => day(`${m}-01`)),
        );
        const objects = listFiles(root).filter((f) => f.endsWith(".sql.gz.enc"));
        assert.equal(objects.length, 7 + 4 + 12, `objects of deleted backups remain: ${objects.join(", ")}`);
        assert.match(result.stderr, /daily\/shop: kept 7, deleted 9/);
    });

    it("honours BACKUP_KEEP_* overrides and a dry run deletes nothing", function () {
        const before = listFiles(root);
        const dry = runScript("retention.sh", { ...env(), BACKUP_RETENTION_DRY_RUN: "true", BACKUP_KEEP_DAILY: "2" });
        assert.equal(dry.code, 0, dry.stderr);
        assert.match(dry.stderr, /dry run: would delete daily\/shop\/shop-20260313T020000Z\.manifest/);
        assert.deepEqual(listFiles(root), before);

        const real = runScript("retention.sh", { ...env(), BACKUP_KEEP_DAILY: "2", BACKUP_KEEP_WEEKLY: "1", BACKUP_KEEP_MONTHLY: "1" });
        assert.equal(real.code, 0, real.stderr);
        assert.deepEqual(remaining(root, "daily", "shop"), [day("2026-03-14"), day("2026-03-15", "140000")]);
        assert.deepEqual(remaining(root, "weekly", "shop"), [day("2026-01-12")]);
        assert.deepEqual(remaining(root, "monthly", "shop"), [day("2026-03-01")]);
    });

    it("never deletes the backup latest/ points to, even outside the policy", function () {
        point(root, "shop", "daily", day("2026-03-01"));
        const result = runScript("retention.sh", env());
        assert.equal(result.code, 0, result.stderr);
        assert.ok(remaining(root, "daily", "shop").includes(day("2026-03-01")));
        assert.equal(remaining(root, "daily", "shop").length, 8);
        assert.match(result.stderr, /keeping daily\/shop-20260301T020000Z beyond the daily policy: latest\/shop points to it/);
    });

    it("removes objects whose manifest never got written once they are a day old, not before", function () {
        const old = day("2026-01-20");
        const fresh = nowStamp();
        seed(root, "daily", "shop", old, false);
        seed(root, "daily", "shop", fresh, false);
        const result = runScript("retention.sh", env());
        assert.equal(result.code, 0, result.stderr);
        const files = listFiles(root);
        assert.ok(!files.includes(`daily/shop/shop-${old}.sql.gz.enc`), "day-old orphan kept");
        assert.ok(files.includes(`daily/shop/shop-${fresh}.sql.gz.enc`), "fresh orphan (a backup still uploading) deleted");
    });

    it("rejects a non-numeric keep count, or zero dailies, before touching anything", function () {
        const before = listFiles(root);
        for (const [name, value, message] of [
            ["BACKUP_KEEP_WEEKLY", "four", />= 0/],
            ["BACKUP_KEEP_DAILY", "0", /BACKUP_KEEP_DAILY=0 must be an integer >= 1/],
        ] as const) {
            const result = runScript("retention.sh", { ...env(), [name]: value });
            assert.equal(result.code, 2, `${name}=${value}`);
            assert.match(result.stderr, message);
        }
        assert.deepEqual(listFiles(root), before);
    });

    it("zero weekly and monthly copies: dailies only, as the Third Eye guide keeps them", function () {
        const result = runScript("retention.sh", { ...env(), BACKUP_KEEP_WEEKLY: "0", BACKUP_KEEP_MONTHLY: "0" });
        assert.equal(result.code, 0, result.stderr);
        assert.deepEqual(remaining(root, "weekly", "shop"), []);
        assert.deepEqual(remaining(root, "monthly", "shop"), []);
        assert.equal(remaining(root, "daily", "shop").length, 7);
    });
});
