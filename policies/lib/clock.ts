/**
 * The date exemptions are compared against. The policy server always uses the system clock; the in-process
 * checker and tests inject a fixed date so expiry tests do not start failing on a calendar day.
 */
let provider: () => Date = () => new Date();

export function today(): string {
    return provider().toISOString().slice(0, 10);
}

/** Runs `fn` with the clock fixed at `date`, restoring the previous clock afterwards (also on error). */
export async function withClock<T>(date: Date, fn: () => Promise<T>): Promise<T> {
    const previous = provider;
    provider = () => date;
    try {
        return await fn();
    } finally {
        provider = previous;
    }
}
