import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ensureInstalled } from "./support/install";
import { PROJECT_ROOT, SCRIPTS_DIR } from "./support/run-script";

describe("shell scripts are shellcheck-clean", function () {
    this.timeout(120_000);
    before(() => ensureInstalled());

    it("backup scripts, their library, the installer and the fault shim", function () {
        const files = [
            ...fs.readdirSync(SCRIPTS_DIR).filter((f) => f.endsWith(".sh")).map((f) => path.join(SCRIPTS_DIR, f)),
            ...fs.readdirSync(path.join(SCRIPTS_DIR, "lib")).map((f) => path.join(SCRIPTS_DIR, "lib", f)),
            path.join(PROJECT_ROOT, "scripts", "install-postgres.sh"),
            path.join(__dirname, "support", "fault-shims", "cp"),
        ];
        assert.ok(files.length >= 15, `expected the scripts and library, found ${files.length} files`);
        const result = spawnSync("shellcheck", ["-x", "--severity=info", ...files], { cwd: SCRIPTS_DIR, encoding: "utf8" });
        assert.equal(result.status, 0, result.stdout + result.stderr);
    });
});
