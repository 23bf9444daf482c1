/**
 * The backup scripts (components/backup/scripts, written by the scripts' owner) as ConfigMap data plus the volume items
 * that lay them out again as a directory tree (ConfigMap keys cannot contain "/": lib/common.sh is stored as
 * lib__common.sh). Scripts are not secrets; the ConfigMap holds nothing else.
 */
import * as fs from "fs";
import * as path from "path";

export const SCRIPTS_DIR = path.join(__dirname, "scripts");
/** Mount path of the scripts in the job containers. */
export const SCRIPTS_MOUNT = "/opt/backup";

export interface ScriptsVolume {
    data: Record<string, string>;
    items: { key: string; path: string; mode: number }[];
}

export function scriptsVolume(dir: string = SCRIPTS_DIR): ScriptsVolume {
    const files = listShellFiles(dir, "");
    if (!files.some((f) => f === "backup.sh")) throw new Error(`no backup.sh in ${dir}: the backup scripts are missing`);
    const data: Record<string, string> = {};
    const items: ScriptsVolume["items"] = [];
    for (const rel of files) {
        const key = rel.split("/").join("__");
        data[key] = fs.readFileSync(path.join(dir, rel), "utf8");
        items.push({ key, path: rel, mode: 0o555 });
    }
    return { data, items };
}

function listShellFiles(dir: string, prefix: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name))
        .flatMap((entry) => {
            const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
            if (entry.isDirectory()) return listShellFiles(path.join(dir, entry.name), rel);
            return entry.name.endsWith(".sh") ? [rel] : [];
        });
}
