/**
 * A violation message: what is wrong, then a `fix:` line saying what to change. The line is part of the message so
 * every surface that shows only the message (the Pulumi CLI, SARIF, JSON) still tells the engineer the remedy.
 */
export function withFix(finding: string, fix: string): string {
    return `${finding}\nfix: ${fix}`;
}
