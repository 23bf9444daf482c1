import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
const NODE_ENV_LINE = /^source "\$\(dirname "\$0"\)\/node-env\.sh"$/m;

describe("npm scripts run on Node.js >= 22", () => {
    for (const [name, command] of Object.entries(scripts)) {
        it(`${name}: goes through a project script that sources node-env.sh`, () => {
            const m = /^bash (scripts\/[\w.-]+\.sh)\b/.exec(command);
            assert.ok(m, `"${command}" would run on whatever Node.js npm found first`);
            assert.match(fs.readFileSync(path.join(ROOT, m![1]), "utf8"), NODE_ENV_LINE, `${m![1]} does not source node-env.sh`);
        });
    }

    it("scripts/node22.sh puts Node.js >= 22 first even when an older one is first on PATH", () => {
        // PATH without the project's Node: the machine's own node (if any) is what the command would otherwise get.
        const bare = (process.env.PATH ?? "")
            .split(path.delimiter)
            .filter((d) => !d.includes(`${path.sep}.tools${path.sep}node-`) && !d.includes("node_modules"))
            .join(path.delimiter);
        const r = spawnSync("bash", [path.join(ROOT, "scripts/node22.sh"), "node", "-p", "process.versions.node"], {
            encoding: "utf8",
            env: { ...process.env, PATH: bare },
        });
        assert.strictEqual(r.status, 0, r.stderr);
        assert.ok(Number(r.stdout.trim().split(".")[0]) >= 22, `node ${r.stdout.trim()}`);
    });
});
