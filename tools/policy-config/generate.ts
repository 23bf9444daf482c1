/**
 * The policy pack's per-stack config (policies/config/<stack>.json) derived from the environment presets, so each
 * environment floor has one definition (components/config/presets.ts). Only the keys below are derived; every other
 * rule entry in the files (rules the presets know nothing about) is kept as written.
 */
import * as fs from "fs";
import * as path from "path";
import type { EnforcementLevel } from "@pulumi/policy";
import { Environment, EnvironmentPreset, PRESETS } from "../../components/config";

export type PackConfigEntry = EnforcementLevel | Record<string, unknown>;
export type PackConfig = Record<string, PackConfigEntry>;

export const POLICY_CONFIG_DIR = path.resolve(__dirname, "../../policies/config");
export const ENVIRONMENTS = Object.keys(PRESETS) as Environment[];

/** What each preset field means to the pack: rule name -> level or the rule's properties that the preset fixes. */
export function derivedEntries(preset: EnvironmentPreset): PackConfig {
    return {
        all: preset.policyEnforcement,
        "k8s-workload-min-replicas": { minReplicas: preset.minReplicas },
        "k8s-image-pinned": { requireDigest: preset.requireImageDigest },
        "k8s-topology-spread": preset.topologySpread ? preset.policyEnforcement : "disabled",
        "k8s-priority-class": { required: preset.priorityClasses },
        "monitoring-alert-receiver": { required: preset.requireAlertReceiver },
        "cloudfront-logging": { required: preset.requireCdnLogging },
        "rds-backup-retention": { minDays: preset.minDatabaseBackupRetentionDays },
        "rds-multi-az": { required: preset.requireHighAvailability },
        "rds-deletion-safety": { required: preset.protectStatefulResources },
        "elasticache-failover": { required: preset.requireHighAvailability },
        "stateful-resources-protected": { requireProtection: preset.protectStatefulResources },
        "edge-proxy-availability": { minReplicas: preset.minEdgeProxyReplicas },
    };
}

/** `current` with the derived entries written over it: derived properties replace, other properties and rules stay. */
export function withDerived(current: PackConfig, env: Environment): PackConfig {
    const out: PackConfig = { ...current };
    for (const [rule, derived] of Object.entries(derivedEntries(PRESETS[env]))) {
        const existing = out[rule];
        // A level equal to "all" stays implicit where the file leaves it so.
        if (typeof derived === "string" && rule !== "all" && existing === undefined && derived === out.all) continue;
        out[rule] = typeof derived === "string" || typeof existing !== "object" ? derived : { ...existing, ...derived };
    }
    return out;
}

/** Where the file disagrees with the presets: `rule.property: file X, preset Y` lines (empty when current). */
export function disagreements(current: PackConfig, env: Environment): string[] {
    const expected = withDerived(current, env);
    return Object.keys(derivedEntries(PRESETS[env])).flatMap((rule) => {
        const want = JSON.stringify(expected[rule]);
        const have = JSON.stringify(current[rule]);
        return want === have ? [] : [`${env}.json ${rule}: file ${have ?? "absent"}, presets give ${want}`];
    });
}

export function configFile(env: Environment): string {
    return path.join(POLICY_CONFIG_DIR, `${env}.json`);
}

export function readPackConfig(env: Environment): PackConfig {
    return JSON.parse(fs.readFileSync(configFile(env), "utf8")) as PackConfig;
}

/** One rule per line: diffs of a config file show which rule changed. */
export function renderPackConfig(config: PackConfig): string {
    const lines = Object.entries(config).map(
        ([rule, entry]) =>
            `  ${JSON.stringify(rule)}: ${JSON.stringify(entry)
                .replace(/([{,])"/g, '$1 "')
                .replace(/":/g, '": ')
                .replace(/}$/, " }")}`,
    );
    return `{\n${lines.join(",\n")}\n}\n`;
}

function main(): void {
    const check = process.argv.includes("--check");
    let stale = 0;
    for (const env of ENVIRONMENTS) {
        const current = readPackConfig(env);
        const problems = disagreements(current, env);
        if (problems.length === 0) continue;
        stale++;
        if (check) for (const p of problems) console.error(p);
        else fs.writeFileSync(configFile(env), renderPackConfig(withDerived(current, env)));
    }
    if (check && stale > 0) {
        console.error("policies/config is stale: run `npx ts-node --transpile-only tools/policy-config/generate.ts`");
        process.exit(1);
    }
}

if (require.main === module) main();
