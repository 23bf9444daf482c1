import * as pulumi from "@pulumi/pulumi";
import { deployBackups } from "./components/backup/deploy";
import { deployCache } from "./components/cache/deploy";
import { deployCdn } from "./components/cdn/deploy";
import { ConfigError, loadStackConfig, rawConfigFromPulumi, StackConfig } from "./components/config";
import { deployDatabase } from "./components/database/deploy";
import { deployEdge, deployRoutes } from "./components/edge/deploy";
import { deployObservability } from "./components/observability/deploy";
import { uptimeTargets } from "./components/observability/uptime-targets";
import { deployPlatform } from "./components/platform/deploy";
import { deploySecrets } from "./components/secrets/deploy";
import { deployWorkloads } from "./components/workload/deploy";

/** Reads and validates the whole configuration before anything is registered. */
function readConfig(): StackConfig {
    try {
        return loadStackConfig(rawConfigFromPulumi(pulumi.runtime.allConfig()));
    } catch (e) {
        // RunError prints the message without a stack trace: the message already names every key to fix.
        if (e instanceof ConfigError) throw new pulumi.RunError(e.message);
        throw e;
    }
}

/**
 * The program: validate config, then build the layers in dependency order. Exported as a function so the engine
 * awaits it and tests run it under mocks.
 */
export = async (): Promise<Record<string, unknown>> => {
    const config = readConfig();
    const ctx = deployPlatform(config);
    const secrets = deploySecrets(ctx);
    const database = deployDatabase(ctx, secrets);
    const cache = deployCache(ctx, secrets);
    const edge = deployEdge(ctx, cache);
    const cdn = deployCdn(ctx);
    const workloads = deployWorkloads(ctx, { secrets, database, cache, edge });
    deployRoutes(ctx, edge, workloads);
    deployObservability(ctx, { secrets, workloads, database, cache });
    deployBackups(ctx, { secrets, database });

    return {
        environment: config.environment,
        target: config.target,
        namespace: ctx.namespace,
        services: workloads.map((w) => w.serviceName),
        publicUrls: config.services.flatMap((s) =>
            (s.route?.hosts ?? []).map((h) => `${config.edge.tls.enabled ? "https" : "http"}://${h}`),
        ),
        // [{service, url}]: the deploy workflow smoke-tests each (scripts/ci/smoke-test.sh).
        healthUrls: uptimeTargets(config),
        ...(database ? { database: { kind: database.kind, host: database.primaryHost, name: database.databaseName } } : {}),
        ...(cache ? { cache: { kind: cache.kind } } : {}),
        ...(cdn ? { cdn: { distributionId: cdn.distributionId, domainName: cdn.domainName, originBucket: cdn.originBucket } } : {}),
        secretsBackend: secrets.backend,
    };
};
