import { nearestKey } from "../../components/config/key-suggest";
import { UsageError } from "./exit-codes";

export interface FlagSpec {
    /** Flags that take a value: `--format sarif` and `--format=sarif` both work. */
    values: readonly string[];
    /** Flags that take none: `--urns`. */
    switches?: readonly string[];
    /** Most positional arguments accepted. */
    maxPositionals: number;
}

export interface ParsedFlags {
    values: Map<string, string>;
    switches: Set<string>;
    positionals: string[];
    help: boolean;
}

/** Parses argv by `spec`; every mistake is a UsageError naming the flag (and the nearest known one for a typo). */
export function parseFlags(argv: readonly string[], spec: FlagSpec): ParsedFlags {
    const out: ParsedFlags = { values: new Map(), switches: new Set(), positionals: [], help: false };
    const known = [...spec.values, ...(spec.switches ?? [])];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--help" || arg === "-h") {
            out.help = true;
            continue;
        }
        if (!arg.startsWith("-") || arg === "-") {
            out.positionals.push(arg);
            continue;
        }
        const eq = arg.indexOf("=");
        const flag = eq > 0 ? arg.slice(0, eq) : arg;
        if (spec.switches?.includes(flag)) {
            if (eq > 0) throw new UsageError(`${flag} takes no value, found ${arg}`);
            out.switches.add(flag);
            continue;
        }
        if (!spec.values.includes(flag)) {
            const near = nearestKey(
                flag.replace(/^-+/, ""),
                known.map((k) => k.replace(/^-+/, "")),
            );
            throw new UsageError(`unknown argument ${flag}${near ? ` (did you mean --${near}?)` : ""}`);
        }
        const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) throw new UsageError(`${flag} needs a value`);
        if (out.values.has(flag)) throw new UsageError(`${flag} given twice`);
        out.values.set(flag, value);
    }
    if (out.positionals.length > spec.maxPositionals) throw new UsageError(`unexpected argument ${out.positionals[spec.maxPositionals]}`);
    return out;
}

/** A value restricted to a set, with the set named in the error. */
export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be ${allowed.join(", ")}; found ${value}`);
    return value as T;
}
