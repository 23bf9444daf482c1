import { PolicyConfigSchema } from "@pulumi/policy";

/**
 * Reads a rule's config with the schema's defaults filled in. The Pulumi CLI applies schema defaults too, but
 * a rule run without any pack config (or by an older CLI) must behave identically, so the schema stays the
 * single source of defaults.
 */
export function readConfig<T>(schema: PolicyConfigSchema, getConfig: () => object): T {
    const defaults: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(schema.properties)) {
        if ((prop as { default?: unknown }).default !== undefined) defaults[key] = (prop as { default?: unknown }).default;
    }
    return { ...defaults, ...getConfig() } as T;
}
