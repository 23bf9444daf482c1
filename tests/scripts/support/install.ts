import { execFileSync } from "child_process";
import * as path from "path";
import { PROJECT_ROOT } from "./run-script";

/** Runs the project's idempotent installer once per process (a no-op in under a second once installed). */
let installed = false;
export function ensureInstalled(): void {
    if (installed) return;
    execFileSync("bash", [path.join(PROJECT_ROOT, "scripts", "install-postgres.sh")], { stdio: ["ignore", "ignore", "inherit"] });
    installed = true;
}

export const S3_VENV_BIN = path.join(PROJECT_ROOT, ".tools", "s3-venv", "bin");
