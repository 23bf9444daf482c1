import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../cli/target";

const RULES_DIR = path.join(REPO_ROOT, "policies", "rules");

/**
 * Rule name -> the source file that defines it (relative to the repository root), read off the rule modules'
 * `name: "<rule>"` so that SARIF help links point at the code that decides, with no second list to keep in step.
 */
export function ruleSourceFiles(dir = RULES_DIR): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (d: string) => {
        for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
            const full = path.join(d, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.name.endsWith(".ts")) {
                for (const m of fs.readFileSync(full, "utf8").matchAll(/\bname:\s*"([a-z0-9-]+)"/g)) {
                    if (!out.has(m[1])) out.set(m[1], path.relative(REPO_ROOT, full).split(path.sep).join("/"));
                }
            }
        }
    };
    walk(dir);
    return out;
}

/** Links into the repository: the commit being checked on GitHub Actions, else the local checkout. */
export function sourceBaseUri(env: NodeJS.ProcessEnv = process.env): string {
    if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY)
        return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA ?? "HEAD"}`;
    return `file://${REPO_ROOT.split(path.sep).map(encodeURIComponent).join("/")}`;
}
