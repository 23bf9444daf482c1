import { z } from "zod";
import { CheckInput, runCrossChecks } from "./cross-checks";
import { ConfigError, ConfigIssue, describeValue, fromZodIssues, withFix } from "./issues";
import { unknownKeyFix } from "./key-suggest";
import { nameServicePaths } from "./service-paths";
import { Environment, PRESETS } from "./presets";
import { ServiceConfig } from "./schema/service";
import { ClusterStackConfig, ParsedStackConfig, StackConfig, stackSchema } from "./schema/stack";

/** Config namespace in Pulumi.<stack>.yaml: `prod-stack:services`, ... */
export const CONFIG_NAMESPACE = "prod-stack";

export type ParseResult = { ok: true; config: StackConfig } | { ok: false; issues: ConfigIssue[] };

/**
 * Parses the raw stack configuration (keys without namespace) into a typed StackConfig. Every problem is collected —
 * schema errors per section and per service, then the cross-field checks on whatever parsed — and returned together,
 * services addressed by name and every issue with a fix. Pure: no Pulumi, no files (see stack-file.ts for those).
 */
export function parseStackConfig(raw: Record<string, unknown>): ParseResult {
    const result = collectIssues(raw);
    if (result.ok) return result;
    return { ok: false, issues: nameServicePaths(result.issues, raw.services).map(withFix) };
}

function collectIssues(raw: Record<string, unknown>): ParseResult {
    const issues: ConfigIssue[] = [];
    const envResult = z.enum(["dev", "staging", "prod"]).safeParse(raw.environment, { reportInput: true });
    // An invalid environment is reported; the other sections are still checked, against the strictest preset.
    const environment: Environment = envResult.success ? envResult.data : "prod";
    const preset = PRESETS[environment];
    const schema = stackSchema(preset);

    const full = schema.safeParse(raw, { reportInput: true });
    if (full.success) {
        const config = full.data;
        const crossIssues = runCrossChecks(checkInputFrom(config, preset));
        if (crossIssues.length > 0) return { ok: false, issues: crossIssues };
        return {
            ok: true,
            config: byTarget({ ...config, environment, preset, namespace: config.namespace ?? `${config.appName}-${environment}` }),
        };
    }

    // Parse section by section so that valid sections still feed the cross-field checks.
    const shape = schema.shape;
    const partial: Record<string, unknown> = {};
    for (const key of Object.keys(raw)) {
        if (!(key in shape)) {
            issues.push({ path: key, expected: "no such key", found: "an unknown key", fix: unknownKeyFix(key, Object.keys(shape)) });
        }
    }
    for (const [key, sectionSchema] of Object.entries(shape)) {
        if (key === "services") continue;
        const result = (sectionSchema as z.ZodType).safeParse(raw[key], { reportInput: true });
        if (result.success) partial[key] = result.data;
        else issues.push(...fromZodIssues(result.error.issues, [key], sectionSchema as z.ZodType));
    }
    const services = parseServices(raw.services, schema.shape.services.element, issues);
    const crossInput: CheckInput = {
        preset,
        environment: partial.environment as Environment | undefined,
        target: partial.target as ParsedStackConfig["target"] | undefined,
        aws: partial.aws as ParsedStackConfig["aws"],
        awsPresent: raw.aws !== undefined,
        databasePresent: raw.database !== undefined,
        redisPresent: raw.redis !== undefined,
        serviceNames: Array.isArray(raw.services)
            ? raw.services.flatMap((s) =>
                  s && typeof s === "object" && typeof (s as { name?: unknown }).name === "string" ? [(s as { name: string }).name] : [],
              )
            : [],
        services,
        database: partial.database as ParsedStackConfig["database"],
        redis: partial.redis as ParsedStackConfig["redis"],
        secrets: partial.secrets as ParsedStackConfig["secrets"],
        edge: partial.edge as ParsedStackConfig["edge"],
        addons: partial.addons as ParsedStackConfig["addons"],
        cdn: partial.cdn as ParsedStackConfig["cdn"],
        backup: partial.backup as ParsedStackConfig["backup"],
        monitoring: partial.monitoring as ParsedStackConfig["monitoring"],
        images: partial.images as ParsedStackConfig["images"],
    };
    issues.push(...runCrossChecks(crossInput));
    return { ok: false, issues: dedupe(issues) };
}

function parseServices(raw: unknown, schema: z.ZodType<ServiceConfig>, issues: ConfigIssue[]): { index: number; svc: ServiceConfig }[] {
    if (!Array.isArray(raw)) {
        issues.push({ path: "services", expected: "a list of at least one service", found: describeValue(raw) });
        return [];
    }
    if (raw.length === 0) issues.push({ path: "services", expected: "at least 1 items", found: "a list of 0" });
    return raw.flatMap((item, index) => {
        const result = schema.safeParse(item, { reportInput: true });
        if (result.success) return [{ index, svc: result.data }];
        issues.push(...fromZodIssues(result.error.issues, ["services", index], schema));
        return [];
    });
}

function checkInputFrom(config: ParsedStackConfig, preset: CheckInput["preset"]): CheckInput {
    return {
        preset,
        environment: config.environment,
        target: config.target,
        aws: config.aws,
        awsPresent: config.aws !== undefined,
        databasePresent: config.database !== undefined,
        redisPresent: config.redis !== undefined,
        serviceNames: config.services.map((s) => s.name),
        services: config.services.map((svc, index) => ({ index, svc })),
        database: config.database,
        redis: config.redis,
        secrets: config.secrets,
        edge: config.edge,
        addons: config.addons,
        cdn: config.cdn,
        backup: config.backup,
        monitoring: config.monitoring,
        images: config.images,
    };
}

/** The validated config as the union its target selects (the cross-checks have proved the combination). */
function byTarget(config: ParsedStackConfig & { environment: Environment; preset: StackConfig["preset"]; namespace: string }): StackConfig {
    if (config.target === "aws") {
        const aws = config.aws;
        if (!aws) throw new Error("internal: the targetConsistency check let the aws target through without its aws section");
        return { ...config, target: "aws", aws };
    }
    return { ...config, target: "cluster", aws: undefined } as ClusterStackConfig;
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
    const seen = new Set<string>();
    return issues.filter((i) => {
        const key = `${i.path}|${i.expected}|${i.found}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

/** Parses or throws one ConfigError listing every issue, with keys shown as `prod-stack:<path>`. */
export function loadStackConfig(raw: Record<string, unknown>): StackConfig {
    const result = parseStackConfig(raw);
    if (!result.ok) throw new ConfigError(result.issues, `${CONFIG_NAMESPACE}:`);
    return result.config;
}

/**
 * Turns Pulumi's flat config map (`prod-stack:services` -> JSON text) into raw values. Keys of other namespaces
 * (aws:region, kubernetes:context) belong to providers and are left alone.
 */
export function rawConfigFromPulumi(all: Record<string, string>): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [fullKey, text] of Object.entries(all)) {
        const [ns, key] = fullKey.split(":", 2);
        if (ns !== CONFIG_NAMESPACE || key === undefined) continue;
        raw[key] = parseConfigValue(text);
    }
    return raw;
}

/** Pulumi hands structured values over as JSON and scalars as plain strings ("3", "true"). */
function parseConfigValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
