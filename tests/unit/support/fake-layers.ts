/**
 * Plain-object fakes of the layers other workers build (secrets, database, cache, edge), satisfying the contracts,
 * recording what they were asked for so tests can assert on it.
 */
import * as pulumi from "@pulumi/pulumi";
import { CacheLayer, DatabaseLayer, EdgeLayer, SecretRef, SecretsLayer, WorkloadSecrets } from "../../../components/contracts";
import { ENVOY_PROXY_PEER } from "../../../components/peers";
import { mockPassword } from "../../../tools/mock-runner/mock-outputs";

export interface FakeSecrets extends SecretsLayer {
    stored: { name: string; values: Record<string, pulumi.Input<string>> }[];
    externals: string[];
    workloads: { workload: string; env: Record<string, SecretRef> }[];
}

export function fakeSecrets(): FakeSecrets {
    const fake: FakeSecrets = {
        backend: "vault",
        stored: [],
        externals: [],
        workloads: [],
        store(name, values) {
            const defined = Object.fromEntries(
                Object.entries(values).filter((e): e is [string, pulumi.Input<string>] => e[1] !== undefined),
            );
            fake.stored.push({ name, values: defined });
            return Object.fromEntries(Object.keys(defined).map((key) => [key, { secretName: name, key }])) as {
                [P in keyof typeof values]: SecretRef;
            };
        },
        external(name) {
            fake.externals.push(name);
            return { secretName: `ext-${name}`, key: "value" };
        },
        kubernetesSecret(name) {
            return { ref: fake.external(name), dependsOn: [], annotations: {} };
        },
        forWorkload(workload, env): WorkloadSecrets {
            fake.workloads.push({ workload, env });
            return {
                env: Object.entries(env).map(([name, ref]) => ({
                    name,
                    valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } },
                })),
                podAnnotations: { "fake-secrets/workload": workload },
                dependsOn: [],
            };
        },
    };
    return fake;
}

export const POOLER_SELECTOR = { "app.kubernetes.io/name": "pgbouncer" };

export function fakeDatabase(overrides: Partial<DatabaseLayer> = {}): DatabaseLayer {
    const kind = overrides.kind ?? "patroni";
    return {
        kind,
        databaseId: "shop-db",
        appUrl: { secretName: "db-app", key: "url" },
        adminCredentials: Object.fromEntries(
            ["host", "port", "dbname", "user", "password", "url"].map((key) => [key, { secretName: "db-admin", key }]),
        ) as DatabaseLayer["adminCredentials"],
        pooler: { podSelector: POOLER_SELECTOR, ports: [6432] },
        primaryHost: pulumi.output("shop-db.shop-dev.svc"),
        primaryPort: 5432,
        // As the database layer sets it: RDS forces TLS.
        sslMode: kind === "rds" ? "require" : "prefer",
        databaseName: "app",
        resources: [],
        ...overrides,
    };
}

export function fakeCache(overrides: Partial<CacheLayer> = {}): CacheLayer {
    return {
        kind: "cluster",
        url: { secretName: "redis", key: "url" },
        host: "shop-redis.shop-dev.svc.cluster.local",
        port: 6379,
        password: { secretName: "redis", key: "password" },
        passwordValue: pulumi.secret(mockPassword("fake-redis-password", 32)),
        tls: false,
        peer: { podSelector: { "app.kubernetes.io/name": "redis" }, ports: [6379] },
        resources: [],
        ...overrides,
    };
}

export function fakeEdge(): EdgeLayer {
    return {
        mode: "gateway",
        gateway: { name: "shop-gateway", namespace: "shop-dev", httpsSectionNames: {}, httpSectionName: "http" },
        controllerPeer: ENVOY_PROXY_PEER,
        resources: [],
    };
}
