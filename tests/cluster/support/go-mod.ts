/** `require` lines of a go.mod (single-line and block form). */
export function requiredModules(goMod: string): Record<string, string> {
    const pins: Record<string, string> = {};
    let block = false;
    for (const line of goMod.split("\n").map((l) => l.replace(/\/\/.*$/, "").trim())) {
        if (line === "require (") block = true;
        else if (block && line === ")") block = false;
        else if (block && line) pins[line.split(/\s+/)[0]] = line.split(/\s+/)[1];
        else if (line.startsWith("require ") && !line.endsWith("(")) pins[line.split(/\s+/)[1]] = line.split(/\s+/)[2];
    }
    return pins;
}
