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
            ...fs
                .readdirSync(SCRIPTS_DIR)
                .filter((f) => f.endsWith(".sh"))
                .map((f) => path.join(SCRIPTS_DIR, f)),
            ...fs.readdirSync(path.join(SCRIPTS_DIR, "lib")).map((f) => path.join(SCRIPTS_DIR, "lib", f)),
            path.join(PROJECT_ROOT, "scripts", "install-postgres.sh"),
            path.join(__dirname, "support", "fault-shims", "cp"),
        ];
        assert.ok(files.length >= 15, `expected the scripts and library, found ${files.length} files`);
        const result = spawnSync("shellcheck", ["-x", "--severity=info", ...files], { cwd: SCRIPTS_DIR, encoding: "utf8" });
        assert.equal(result.status, 0, result.stdout + result.stderr);
    });

    it("the project's own scripts: set-up, installers, engine, control plane, tests, CI entry point", function () {
        const dir = path.join(PROJECT_ROOT, "scripts");
        const files = [
            ...fs
                .readdirSync(dir)
                .filter((f) => f.endsWith(".sh"))
                .map((f) => path.join("scripts", f)),
            path.join("tools", "toolchain", "wrapper-build.sh"),
            path.join(".ci", "run"),
        ];
        assert.ok(files.length >= 15, `expected the project scripts, found ${files.length}`);
        // From the repository root, so .shellcheckrc's source paths let -x follow every `source`.
        const result = spawnSync("shellcheck", ["-x", "--severity=info", ...files], { cwd: PROJECT_ROOT, encoding: "utf8" });
        assert.equal(result.status, 0, result.stdout + result.stderr);
    });
});
