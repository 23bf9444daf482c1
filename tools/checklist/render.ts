/**
 * Renders docs/checklist.md from the checklist table (./table.ts). Usage: ts-node --transpile-only tools/checklist/render.ts
 * writes the file; the structure test fails while the committed file differs from the rendering.
 */
import * as fs from "fs";
import * as path from "path";
import { CHECKLIST, ChecklistItem, Seed } from "./table";

export const CHECKLIST_DOC = path.resolve(__dirname, "../../docs/checklist.md");

const SEED_TITLES: Record<Seed, string> = {
    "mcp-validation": "MCP validation API with portal and control plane",
    "health-agent": "Health agent API with pgvector",
    "engineering-intelligence": "Engineering intelligence platform on TimescaleDB",
    "metrics-collection": "Metrics collection service",
    "order-chatbot": "Order-processing chatbot backend",
};

const cell = (text: string | undefined, code = false): string => (text ? (code ? `\`${text}\`` : text.replace(/\|/g, "\\|")) : "");

function row(i: ChecklistItem): string {
    return `| ${cell(i.item)} | ${i.coverage} | ${cell(i.configKey, true)} | ${cell(i.builtBy, true)} | ${cell(i.rule, true)} | ${cell(i.test, true)} | ${cell(i.note)} |`;
}

export function renderChecklist(items: readonly ChecklistItem[] = CHECKLIST): string {
    const lines = [
        "# Seed checklists: where each item lives",
        "",
        "<!-- Generated from tools/checklist/table.ts by tools/checklist/render.ts; edit the table, not this file. -->",
        "",
        "Every checklist item of the seed deployment guides, with the config key that sets it, the file that builds it, the",
        "policy rule that blocks its insecure variant and the test that proves it. Coverage `outside` marks items that are",
        "not the deployment's to do; the note says whose they are.",
        "",
    ];
    for (const seed of Object.keys(SEED_TITLES) as Seed[]) {
        const rows = items.filter((i) => i.seed === seed);
        if (rows.length === 0) continue;
        lines.push(
            `## ${SEED_TITLES[seed]}`,
            "",
            "| item | coverage | config key | built by | policy rule | test | note |",
            "|---|---|---|---|---|---|---|",
        );
        lines.push(...rows.map(row), "");
    }
    return lines.join("\n");
}

if (require.main === module) fs.writeFileSync(CHECKLIST_DOC, renderChecklist());
