import * as fs from "fs";
import * as path from "path";
import type { EnforcementLevel, Policies } from "@pulumi/policy";

/** Contents of policies/config/<stack>.json: the file CI passes to `pulumi preview --policy-pack-config`. */
export type PackConfigFile = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

export interface ResolvedRuleConfig {
    enforcementLevel: EnforcementLevel;
    /** Properties handed to the rule by getConfig() (enforcementLevel removed, as the server does). */
    properties: Record<string, unknown>;
}

export const POLICY_CONFIG_DIR = path.resolve(__dirname, "../../policies/config");
const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** A policy config named like a stack (`prod`) rather than given as a file path. */
export function isPolicyConfigName(stackOrPath: string): boolean {
    return /^[a-z0-9-]+$/.test(stackOrPath);
}

/** `dev|staging|prod` → the pack's config file for that stack; anything else is taken as a path. */
export function loadPackConfig(stackOrPath: string): PackConfigFile {
    const file = isPolicyConfigName(stackOrPath) ? path.join(POLICY_CONFIG_DIR, `${stackOrPath}.json`) : stackOrPath;
    return JSON.parse(fs.readFileSync(file, "utf8")) as PackConfigFile;
}

function schemaType(value: unknown): string {
    if (Array.isArray(value)) return "array";
    if (Number.isInteger(value)) return "integer";
    return typeof value;
}

/**
 * Resolves each policy's enforcement level and properties the way the Pulumi CLI does before it calls the
 * analyzer's Configure: per-policy entry > "all" > the policy's own level > the pack's level, with schema
 * defaults filled in. Stricter than the CLI in one respect: unknown policy names and properties are errors,
 * so a typo in a config file fails the test suite instead of silently relaxing a rule.
 */
export function resolvePackConfig(
    file: PackConfigFile,
    policies: Policies,
    packLevel: EnforcementLevel = "advisory",
): Map<string, ResolvedRuleConfig> {
    const names = new Set(policies.map((p) => p.name));
    const errors: string[] = [];
    for (const key of Object.keys(file)) {
        if (key !== "all" && !names.has(key)) errors.push(`unknown policy "${key}"`);
    }
    const all = file.all;
    if (all !== undefined && (typeof all !== "string" || !LEVELS.includes(all))) errors.push(`"all" must be one of ${LEVELS.join(", ")}`);
    const out = new Map<string, ResolvedRuleConfig>();
    for (const p of policies) {
        const entry = file[p.name];
        const obj = typeof entry === "object" && entry !== null ? { ...entry } : {};
        const level =
            typeof entry === "string"
                ? entry
                : (obj.enforcementLevel ?? (all as EnforcementLevel | undefined) ?? p.enforcementLevel ?? packLevel);
        if (!LEVELS.includes(level)) errors.push(`${p.name}: enforcementLevel "${level}" is not one of ${LEVELS.join(", ")}`);
        delete obj.enforcementLevel;
        const props = p.configSchema?.properties ?? {};
        const properties: Record<string, unknown> = {};
        for (const [k, schema] of Object.entries(props)) {
            const d = (schema as { default?: unknown }).default;
            if (d !== undefined) properties[k] = d;
        }
        for (const [k, v] of Object.entries(obj)) {
            const schema = props[k] as { type?: string } | undefined;
            if (!schema) errors.push(`${p.name}: unknown property "${k}"`);
            else if (schema.type && schema.type !== schemaType(v) && !(schema.type === "number" && typeof v === "number")) {
                errors.push(`${p.name}.${k}: expected ${schema.type}, found ${schemaType(v)}`);
            } else properties[k] = v;
        }
        out.set(p.name, { enforcementLevel: level, properties });
    }
    if (errors.length > 0) throw new Error(`invalid policy pack config: ${errors.join("; ")}`);
    return out;
}
