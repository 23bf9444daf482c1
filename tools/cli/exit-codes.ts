/** One meaning per exit code across every command (validate, policy:check, render). */
export const EXIT = {
    /** Config valid, no blocking violation, work done. */
    ok: 0,
    /** Invalid config, a mandatory policy violation, or the run itself failed. */
    failed: 1,
    /** The command line was wrong (unknown flag, unknown stack, missing file, a refused output directory). */
    usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake in how the command was called: answered with the message, the usage line and exit 2. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}
