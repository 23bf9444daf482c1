/**
 * Fake StackContext for the data-layer tests: config parsed from a stack file (plus edits), providers and labels as the
 * platform layer would hand them over. Everything is created inside runWithMocks.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig, StackConfig } from "../../../../components/config";
import { CacheLayer, DatabaseLayer, SecretsLayer, StackContext, WorkloadSecrets } from "../../../../components/contracts";
import { commonLabelsFor, commonTagsFor } from "../../../../components/kubernetes";
import { deployCache } from "../../../../components/cache/deploy";
import { deployDatabase } from "../../../../components/database/deploy";
import { deploySecrets } from "../../../../components/secrets/deploy";
import { rawConfigFor, runWithMocks, RunResult } from "../../../../tools/mock-runner/harness";

export type StackName = "dev" | "staging" | "prod";

export function configFor(stack: StackName, edit?: (raw: Record<string, any>) => void): StackConfig {
    const raw = rawConfigFor({ stack, edit });
    const parsed = parseStackConfig(raw);
    if (!parsed.ok) throw new Error(`test config invalid: ${JSON.stringify(parsed.issues)}`);
    return parsed.config;
}

export function contextFor(config: StackConfig): StackContext {
    return {
        config,
        k8sProvider: new k8s.Provider("k8s", { renderYamlToDirectory: "out/test-manifests" }),
        awsProvider: config.target === "aws" ? new aws.Provider("aws", { region: config.aws!.region as aws.Region }) : undefined,
        namespace: pulumi.output(config.namespace),
        commonLabels: commonLabelsFor(config),
        commonTags: commonTagsFor(config),
    };
}

export interface DataLayers {
    secrets: SecretsLayer;
    database?: DatabaseLayer;
    cache?: CacheLayer;
    api?: WorkloadSecrets;
}

/** Deploys secrets, database and cache (and the api workload's secret wiring) for a stack under mocks. */
export async function runData(stack: StackName, edit?: (raw: Record<string, any>) => void): Promise<RunResult & { layers: DataLayers }> {
    const config = configFor(stack, edit);
    const layers = {} as DataLayers;
    const result = await runWithMocks(
        () => {
            const ctx = contextFor(config);
            layers.secrets = deploySecrets(ctx);
            layers.database = deployDatabase(ctx, layers.secrets);
            layers.cache = deployCache(ctx, layers.secrets);
            const env = {
                ...(layers.database ? { DATABASE_URL: layers.database.appUrl } : {}),
                ...(layers.cache ? { REDIS_URL: layers.cache.url } : {}),
                OPENAI_API_KEY: layers.secrets.external("openai-api-key"),
            };
            layers.api = layers.secrets.forWorkload("api", env);
        },
        { stack, config: rawConfigFor({ stack, edit }) },
    );
    if (result.error) throw result.error;
    return { ...result, layers };
}
