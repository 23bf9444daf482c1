/**
 * Preview-time unknowns, as the policy server represents them.
 *
 * The server wraps every props object in `unknownCheckingProxy`, which throws `UnknownValueError` when a rule
 * reads a value the engine cannot know yet. @pulumi/policy marks these exports @internal (its typings omit
 * them), so we load the same runtime module the server uses: `instanceof` checks only work against that copy.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T extends object>(value: T): T;
    UnknownValueError: new (...args: any[]) => Error;
    unknownStringValue: string;
    unknownNumberValue: string;
    unknownBooleanValue: string;
    unknownArrayValue: string;
    unknownObjectValue: string;
};

export const unknownCheckingProxy = proxy.unknownCheckingProxy;

/** Sentinels the engine sends for values computed during preview; tests use them to build realistic props. */
export const unknownSentinels = {
    string: proxy.unknownStringValue,
    number: proxy.unknownNumberValue,
    boolean: proxy.unknownBooleanValue,
    array: proxy.unknownArrayValue,
    object: proxy.unknownObjectValue,
} as const;

export function isUnknownValueError(e: unknown): boolean {
    return e instanceof proxy.UnknownValueError;
}

/** Marker for "this value exists but is not known until the update runs". */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Maybe<T> = T | typeof UNKNOWN;

/**
 * Reads through the proxy and turns an unknown into `UNKNOWN` instead of an exception.
 * Stack rules must use this per resource: one unknown must not abort the whole stack check (which the server
 * would downgrade to an advisory "can't run during preview" and thereby stop enforcing everything else).
 */
export function known<T>(read: () => T): Maybe<T> {
    try {
        return read();
    } catch (e) {
        if (isUnknownValueError(e)) return UNKNOWN;
        throw e;
    }
}

/** true when the value is set, or will be (an unknown is a computed value, never an absent one). */
export function isSet(read: () => unknown): boolean {
    const v = known(read);
    return v === UNKNOWN || (v !== undefined && v !== null && v !== "");
}
