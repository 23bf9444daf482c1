import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { allRules } from "../../../policies/rules";
import { PRESETS } from "../../../components/config";
import { stackSchema } from "../../../components/config/schema/stack";
import { CHECKLIST } from "../../../tools/checklist/table";
import { CHECKLIST_DOC, renderChecklist } from "../../../tools/checklist/render";

const ROOT = path.resolve(__dirname, "../../..");

describe("structure: the seed checklist table", () => {
    it("docs/checklist.md is the rendering of the table (regenerate with tools/checklist/render.ts)", () => {
        assert.strictEqual(fs.readFileSync(CHECKLIST_DOC, "utf8"), renderChecklist());
    });
    it("names only files that exist", () => {
        const missing = CHECKLIST.flatMap((i) => [i.builtBy, i.test].filter((f): f is string => !!f && !fs.existsSync(path.join(ROOT, f))));
        assert.deepStrictEqual(missing, []);
    });
    it("names only rules of the policy pack", () => {
        const names = new Set(allRules.map((r) => r.name));
        assert.deepStrictEqual(
            CHECKLIST.flatMap((i) => (i.rule && !names.has(i.rule) ? [i.rule] : [])),
            [],
        );
    });
    it("names only config sections the schema has", () => {
        const sections = new Set(Object.keys(stackSchema(PRESETS.prod).shape));
        assert.deepStrictEqual(
            CHECKLIST.flatMap((i) => (i.configKey && !sections.has(i.configKey.split(/[.[]/)[0]) ? [i.configKey] : [])),
            [],
        );
    });
    it("says for every item what covers it: built items name their file, outside items say why", () => {
        for (const i of CHECKLIST) {
            if (i.coverage === "built") assert.ok(i.builtBy && i.test, `${i.seed}: "${i.item}" is built but names no file or test`);
            if (i.coverage === "outside") assert.ok(i.note, `${i.seed}: "${i.item}" is outside without a note`);
        }
        assert.strictEqual(new Set(CHECKLIST.map((i) => `${i.seed}|${i.item}`)).size, CHECKLIST.length, "an item is listed twice");
    });
});
