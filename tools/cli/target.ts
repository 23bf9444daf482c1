import * as fs from "fs";
import * as path from "path";
import { UsageError } from "./exit-codes";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** What a command runs against: a stack of this project (Pulumi.<stack>.yaml) or any file in that format. */
export interface Target {
    /** Set for a project stack. */
    stack?: string;
    /** Absolute path of the stack file. */
    file: string;
    /** The file as the repository names it (relative, forward slashes), for messages and SARIF. */
    displayFile: string;
}

/** Stacks of the project: every Pulumi.<stack>.yaml beside Pulumi.yaml. */
export function knownStacks(root = REPO_ROOT): string[] {
    return fs
        .readdirSync(root)
        .flatMap((f) => {
            const m = /^Pulumi\.([^.]+)\.ya?ml$/.exec(f);
            return m ? [m[1]] : [];
        })
        .sort();
}

/** Relative paths are the user's: npm runs scripts in the project root but says where it was called from. */
function userCwd(): string {
    return process.env.INIT_CWD ?? process.cwd();
}

export function displayPath(file: string, root = REPO_ROOT): string {
    const rel = path.relative(root, file);
    return (rel.startsWith("..") || path.isAbsolute(rel) ? file : rel).split(path.sep).join("/");
}

/** A stack name, or a path to a stack file (anything with a `/` or a .yaml/.yml ending). */
export function resolveTarget(arg: string, root = REPO_ROOT): Target {
    return /[\\/]/.test(arg) || /\.ya?ml$/.test(arg) ? resolveFile(arg, root) : resolveStack(arg, root);
}

/** A stack of the project; an unknown name is a usage error naming the known ones (not ENOENT). */
export function resolveStack(name: string, root = REPO_ROOT): Target {
    const stacks = knownStacks(root);
    if (!stacks.includes(name))
        throw new UsageError(`unknown stack "${name}"; known stacks: ${stacks.join(", ")} (or give a stack file, e.g. examples/tria.yaml)`);
    const file = path.join(root, fs.existsSync(path.join(root, `Pulumi.${name}.yaml`)) ? `Pulumi.${name}.yaml` : `Pulumi.${name}.yml`);
    return { stack: name, file, displayFile: displayPath(file, root) };
}

/** A stack file by path, relative to where the user ran the command. */
export function resolveFile(arg: string, root = REPO_ROOT): Target {
    const file = path.resolve(userCwd(), arg);
    if (!fs.existsSync(file)) throw new UsageError(`no such stack file: ${arg} (resolved to ${file})`);
    if (!fs.statSync(file).isFile()) throw new UsageError(`${arg} is not a file; give a stack file such as examples/tria.yaml`);
    return { file, displayFile: displayPath(file, root) };
}
