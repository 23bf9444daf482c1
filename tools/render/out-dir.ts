import * as fs from "fs";
import * as path from "path";
import { UsageError } from "../cli/exit-codes";

/** Left in every directory render writes, so a later render knows the directory is its own to empty. */
export const RENDER_MARKER = ".rendered-by-prod-stack";

/**
 * Makes `dir` an empty output directory render owns: created if missing, used if empty, emptied if an earlier
 * render left its marker there. A non-empty directory without the marker is someone else's: refused, never deleted.
 */
export function prepareOutDir(dir: string): void {
    if (fs.existsSync(dir)) {
        if (!fs.statSync(dir).isDirectory()) throw new UsageError(`output ${dir} exists and is not a directory; give a directory path`);
        const entries = fs.readdirSync(dir);
        if (entries.length > 0 && !entries.includes(RENDER_MARKER)) {
            throw new UsageError(
                `refusing to empty ${dir}: it is not empty and render did not create it (no ${RENDER_MARKER} file in it); give a new or empty directory, or empty this one yourself`,
            );
        }
        for (const entry of entries) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    }
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
        path.join(dir, RENDER_MARKER),
        "Written by `npm run render`: the next render empties this directory before writing.\n",
    );
}
