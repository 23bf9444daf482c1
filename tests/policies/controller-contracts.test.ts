/**
 * Controller contracts (policies/rules/stack/controller-contracts.ts) on small stacks: for each contract a stack where it
 * holds, and variants with one property changed that each break it, with the finding (resource and message) expected.
 */
import { strict as assert } from "assert";
import type { RecordedResource } from "../../tools/mock-runner/recorded-resource";
import { runPolicies } from "../../tools/policy-check/runner";
import { A } from "../../policies/lib/aws/types";
import { K } from "../../policies/lib/kubernetes/types";
import { unknownSentinels } from "../../policies/lib/preview";
import { controllerContractRules } from "../../policies/rules/stack/controller-contracts";
import { rolesInScript } from "../../policies/lib/contracts/controllers/vault-roles";
import { adapterRuleNames } from "../../policies/lib/contracts/controllers/metrics-apis";
import { receiverSecretRefs } from "../../policies/lib/contracts/controllers/alertmanager-secrets";
import { recorded } from "./support/recorded";

const NS = "shop";
const meta = (name: string, extra: Record<string, any> = {}) => ({ name, namespace: NS, ...extra });
const byName = (all: RecordedResource[], type: string, name: string): RecordedResource => {
    const r = all.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`fixture has no ${type} ${name}`);
    return r;
};

/** `rule @ resource: first line of the message` for every finding of the controller-contract rules. */
async function findings(resources: RecordedResource[]): Promise<string[]> {
    const result = await runPolicies(resources, { config: { all: "mandatory" }, policies: controllerContractRules });
    for (const v of result.violations) assert.match(v.message, /\nfix: \S/, `${v.rule}: no fix line in ${v.message}`);
    return result.violations.map((v) => `${v.rule} @ ${v.urn!.split("::").pop()}: ${v.message.split("\n")[0]}`).sort();
}

interface Case {
    change: string;
    mutate: (all: RecordedResource[]) => void;
    /** Each expected finding, as `rule @ resource` and a pattern its message matches, in sorted order. */
    expect: [string, RegExp][];
}

function contract(
    title: string,
    fixture: () => RecordedResource[],
    cases: Case[],
    passing: { change: string; mutate: (all: RecordedResource[]) => void }[] = [],
) {
    describe(title, () => {
        it("holds on the compliant fixture", async () => {
            assert.deepStrictEqual(await findings(fixture()), []);
        });
        for (const p of passing) {
            it(`still holds when ${p.change}`, async () => {
                const all = fixture();
                p.mutate(all);
                assert.deepStrictEqual(await findings(all), []);
            });
        }
        for (const c of cases) {
            it(`breaks when ${c.change}`, async () => {
                const all = fixture();
                c.mutate(all);
                const got = await findings(all);
                assert.equal(got.length, c.expect.length, got.join("\n"));
                c.expect.forEach(([at, pattern], i) => {
                    assert.ok(got[i].startsWith(`${at}: `), `expected ${at}, got ${got[i]}`);
                    assert.match(got[i], pattern);
                });
            });
        }
    });
}

// a. Vault agent injection ------------------------------------------------------------------------------------------

const VAULT_INJECT = "vault.hashicorp.com/agent-inject";
const TOKEN_VOLUME = "vault.hashicorp.com/agent-service-account-token-volume-name";
const PRE_POPULATE = "vault.hashicorp.com/agent-pre-populate-only";

function injectedTemplate(role: string, serviceAccount: string, batch: boolean) {
    return {
        metadata: {
            labels: { "app.kubernetes.io/name": role },
            annotations: {
                [VAULT_INJECT]: "true",
                "vault.hashicorp.com/role": `shop-prod-${role}`,
                [TOKEN_VOLUME]: "vault-token",
                ...(batch ? { [PRE_POPULATE]: "true" } : {}),
            },
        },
        spec: {
            serviceAccountName: serviceAccount,
            automountServiceAccountToken: false,
            ...(batch ? { restartPolicy: "OnFailure" } : {}),
            containers: [{ name: role, image: "app" }],
            volumes: [
                { name: "vault-token", projected: { sources: [{ serviceAccountToken: { path: "token", expirationSeconds: 3600 } }] } },
            ],
        },
    };
}

/** The bootstrap Job's script as components/secrets/vault-scripts.ts roleScript writes it. */
const roleLine = (role: string, sa: string, ns = NS) =>
    `vault write auth/kubernetes/role/'shop-prod-${role}' bound_service_account_names='${sa}' bound_service_account_namespaces='${ns}' token_policies='shop-prod-${role}' token_ttl=1h`;

function vaultStack(): RecordedResource[] {
    const bootstrap = (name: string, script: string) =>
        recorded(K.Job, name, {
            metadata: meta(name),
            spec: {
                template: {
                    spec: {
                        serviceAccountName: "vault-bootstrap",
                        automountServiceAccountToken: true,
                        restartPolicy: "OnFailure",
                        containers: [{ name: "vault", image: "vault", command: ["/bin/sh", "-c", `set -eu\n${script}\necho done`] }],
                    },
                },
            },
        });
    return [
        recorded(K.ServiceAccount, "api", { metadata: meta("api") }),
        recorded(K.Deployment, "api", { metadata: meta("api"), spec: { template: injectedTemplate("api", "api", false) } }),
        recorded(K.Job, "migrate", { metadata: meta("migrate"), spec: { template: injectedTemplate("migrate", "api", true) } }),
        recorded(K.CronJob, "backup", {
            metadata: meta("backup"),
            spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: injectedTemplate("backup", "backup", true) } } },
        }),
        bootstrap("vault-role-api", roleLine("api", "api")),
        bootstrap("vault-role-migrate", roleLine("migrate", "api")),
        bootstrap("vault-role-backup", roleLine("backup", "backup")),
    ];
}
const podOf = (r: RecordedResource) => (r.type === K.CronJob ? r.inputs.spec.jobTemplate.spec.template : r.inputs.spec.template);
const VAULT_RULE = "vault-agent-injection-contract";

contract(
    "controller contract a: Vault agent injection",
    vaultStack,
    [
        {
            change: "the token-volume annotation names a volume the pod does not have",
            mutate: (all) => (podOf(byName(all, K.Deployment, "api")).spec.volumes[0].name = "token"),
            expect: [[`${VAULT_RULE} @ api`, /token volume vault-token .* is not a volume of the pod/]],
        },
        {
            change: "the token volume is an emptyDir instead of a projected token",
            mutate: (all) => (podOf(byName(all, K.Deployment, "api")).spec.volumes[0] = { name: "vault-token", emptyDir: {} }),
            expect: [[`${VAULT_RULE} @ api`, /not a projected serviceAccountToken volume/]],
        },
        {
            change: "the pod drops the token-volume annotation while automountServiceAccountToken is false (the issue's defect)",
            mutate: (all) => delete podOf(byName(all, K.Deployment, "api")).metadata.annotations[TOKEN_VOLUME],
            expect: [[`${VAULT_RULE} @ api`, /automountServiceAccountToken: false and names no token volume/]],
        },
        {
            change: "the service account disables automount and the pod relies on it",
            mutate: (all) => {
                const pod = podOf(byName(all, K.Deployment, "api"));
                delete pod.metadata.annotations[TOKEN_VOLUME];
                delete pod.spec.automountServiceAccountToken;
                byName(all, K.ServiceAccount, "api").inputs.automountServiceAccountToken = false;
            },
            expect: [[`${VAULT_RULE} @ api`, /service account api sets automountServiceAccountToken: false/]],
        },
        {
            change: "the migration Job runs the agent as a sidecar (no pre-populate-only)",
            mutate: (all) => delete podOf(byName(all, K.Job, "migrate")).metadata.annotations[PRE_POPULATE],
            expect: [[`${VAULT_RULE} @ migrate`, /sidecar never exits, so the Job never completes/]],
        },
        {
            change: "the backup CronJob runs the agent as a sidecar",
            mutate: (all) => (podOf(byName(all, K.CronJob, "backup")).metadata.annotations[PRE_POPULATE] = "false"),
            expect: [[`${VAULT_RULE} @ backup`, /the Job never completes/]],
        },
        {
            change: "the migration role is bound to api-migrate while the Job runs as api (the issue's defect)",
            mutate: (all) =>
                (byName(all, K.Job, "vault-role-migrate").inputs.spec.template.spec.containers[0].command[2] = roleLine(
                    "migrate",
                    "api-migrate",
                )),
            expect: [[`${VAULT_RULE} @ migrate`, /role shop-prod-migrate binds shop\/api-migrate, but the pod runs as shop\/api/]],
        },
        {
            change: "the role is bound in another namespace",
            mutate: (all) =>
                (byName(all, K.Job, "vault-role-api").inputs.spec.template.spec.containers[0].command[2] = roleLine("api", "api", "other")),
            expect: [[`${VAULT_RULE} @ api`, /binds other\/api, but the pod runs as shop\/api/]],
        },
        {
            change: "the pod names a role no Job writes",
            mutate: (all) => (podOf(byName(all, K.Deployment, "api")).metadata.annotations["vault.hashicorp.com/role"] = "shop-prod-web"),
            expect: [[`${VAULT_RULE} @ api`, /role shop-prod-web is written by no Job/]],
        },
        {
            change: "the pod's service account is left to the default",
            mutate: (all) => delete podOf(byName(all, K.Deployment, "api")).spec.serviceAccountName,
            expect: [[`${VAULT_RULE} @ api`, /the pod runs as shop\/default/]],
        },
    ],
    [
        {
            change: "the pod mounts its own token instead of a token volume",
            mutate: (all) => {
                const pod = podOf(byName(all, K.Deployment, "api"));
                delete pod.metadata.annotations[TOKEN_VOLUME];
                pod.spec.automountServiceAccountToken = true;
            },
        },
        {
            change: "pods carry no injection annotation at all",
            mutate: (all) => {
                for (const r of all.filter((x) => [K.Deployment, K.Job, K.CronJob].includes(x.type as never) && podOf(x).metadata))
                    delete podOf(r).metadata.annotations;
                byName(all, K.ServiceAccount, "api").inputs.automountServiceAccountToken = false;
            },
        },
    ],
);

describe("Vault role scripts as the contract reads them", () => {
    it("reads quoted, unquoted and continued `vault write auth/<mount>/role/<role>` lines with their bound lists", () => {
        const script = [
            "set -eu",
            roleLine("api", "api"),
            "vault write auth/k8s-eu/role/worker \\\n  bound_service_account_names=worker,cron bound_service_account_namespaces=jobs",
            "vault kv put -mount=secret 'shop/prod/x' 'a'=@/seed/a",
        ].join("\n");
        assert.deepStrictEqual(rolesInScript(script), [
            { role: "shop-prod-api", serviceAccounts: ["api"], namespaces: [NS] },
            { role: "worker", serviceAccounts: ["worker", "cron"], namespaces: ["jobs"] },
        ]);
    });
});

// b. Prometheus operator: AlertmanagerConfig receiver secrets ------------------------------------------------------

function alertStack(): RecordedResource[] {
    return [
        recorded(K.AlertmanagerConfig, "routing", {
            metadata: meta("routing"),
            spec: {
                route: { receiver: "slack" },
                receivers: [
                    { name: "slack", slackConfigs: [{ apiURL: { name: "slack-webhook-url", key: "url" }, channel: "#shop" }] },
                    { name: "pagerduty", pagerdutyConfigs: [{ routingKey: { name: "pagerduty", key: "routing-key" } }] },
                    { name: "hook", webhookConfigs: [{ urlSecret: { name: "webhook", key: "url" } }] },
                    {
                        name: "mail",
                        emailConfigs: [
                            {
                                to: "ops@example.com",
                                authPassword: { name: "smtp", key: "password" },
                                tlsConfig: { ca: { configMap: { name: "ca", key: "ca.crt" } } },
                            },
                        ],
                    },
                ],
            },
        }),
        recorded(K.ExternalSecret, "slack-webhook-url", {
            metadata: meta("slack-webhook-url"),
            spec: {
                secretStoreRef: { name: "aws", kind: "SecretStore" },
                data: [{ secretKey: "url", remoteRef: { key: "shop/prod/slack" } }],
            },
        }),
        recorded(K.ExternalSecret, "pagerduty-sync", {
            metadata: meta("pagerduty-sync"),
            spec: {
                secretStoreRef: { name: "aws", kind: "SecretStore" },
                target: { name: "pagerduty" },
                dataFrom: [{ extract: { key: "shop/prod/pd" } }],
            },
        }),
        recorded(K.ExternalSecret, "smtp", {
            metadata: meta("smtp"),
            spec: {
                secretStoreRef: { name: "aws", kind: "SecretStore" },
                target: { template: { data: { password: "{{ .pw }}" } } },
                data: [{ secretKey: "pw", remoteRef: { key: "shop/prod/smtp" } }],
            },
        }),
        // Keys are what matter here; the value is computed at deploy time.
        recorded(K.Secret, "webhook", { metadata: meta("webhook"), stringData: { url: unknownSentinels.string } }),
    ];
}
const AM_RULE = "alertmanager-receiver-secrets-exist";

contract("controller contract b: AlertmanagerConfig receiver secrets", alertStack, [
    {
        change: "the Slack ExternalSecret syncs another key",
        mutate: (all) => (byName(all, K.ExternalSecret, "slack-webhook-url").inputs.spec.data[0].secretKey = "webhook"),
        expect: [
            [`${AM_RULE} @ routing`, /slackConfigs\[0\]\.apiURL reads key url of Secret shop\/slack-webhook-url, which holds only webhook/],
        ],
    },
    {
        change: "the PagerDuty ExternalSecret writes another target",
        mutate: (all) => (byName(all, K.ExternalSecret, "pagerduty-sync").inputs.spec.target.name = "pd"),
        expect: [
            [
                `${AM_RULE} @ routing`,
                /pagerdutyConfigs\[0\]\.routingKey refers to Secret shop\/pagerduty, which nothing in the stack creates/,
            ],
        ],
    },
    {
        change: "the SMTP ExternalSecret creates nothing (creationPolicy None)",
        mutate: (all) => (byName(all, K.ExternalSecret, "smtp").inputs.spec.target.creationPolicy = "None"),
        expect: [[`${AM_RULE} @ routing`, /emailConfigs\[0\]\.authPassword refers to Secret shop\/smtp/]],
    },
    {
        change: "the SMTP template renders another key",
        mutate: (all) => (byName(all, K.ExternalSecret, "smtp").inputs.spec.target.template.data = { pass: "{{ .pw }}" }),
        expect: [[`${AM_RULE} @ routing`, /reads key password of Secret shop\/smtp, which holds only pass/]],
    },
    {
        change: "the webhook Secret lives in another namespace",
        mutate: (all) => (byName(all, K.Secret, "webhook").inputs.metadata.namespace = "monitoring"),
        expect: [[`${AM_RULE} @ routing`, /webhookConfigs\[0\]\.urlSecret refers to Secret shop\/webhook/]],
    },
    {
        change: "the Slack secret comes from a Vault backend that only injects files (no ExternalSecret)",
        mutate: (all) => all.splice(all.indexOf(byName(all, K.ExternalSecret, "slack-webhook-url")), 1),
        expect: [
            [`${AM_RULE} @ routing`, /refers to Secret shop\/slack-webhook-url, which nothing in the stack creates.*alerts reach nobody/],
        ],
    },
]);

describe("receiver secret references as the contract reads them", () => {
    it("finds selectors in every receiver kind and skips ConfigMap selectors", () => {
        const refs = receiverSecretRefs(alertStack()[0].inputs.spec.receivers).map((r) => `${r.path} -> ${r.name}/${r.key}`);
        assert.deepStrictEqual(refs, [
            "spec.receivers[name=slack].slackConfigs[0].apiURL -> slack-webhook-url/url",
            "spec.receivers[name=pagerduty].pagerdutyConfigs[0].routingKey -> pagerduty/routing-key",
            "spec.receivers[name=hook].webhookConfigs[0].urlSecret -> webhook/url",
            "spec.receivers[name=mail].emailConfigs[0].authPassword -> smtp/password",
        ]);
    });
    it("leaves a config whose secret names are unknown in preview undecided", async () => {
        const all = alertStack();
        byName(all, K.ExternalSecret, "slack-webhook-url").inputs.spec.data = unknownSentinels.array;
        assert.deepStrictEqual(await findings(all), []);
    });
});

// c. HPA metrics -----------------------------------------------------------------------------------------------------

function hpaStack(): RecordedResource[] {
    return [
        recorded(K.HelmChartV4, "metrics-server", { chart: "metrics-server", version: "3.12.2", values: {} }),
        recorded(K.HelmChartV4, "prometheus-adapter", {
            chart: "oci://registry.example.com/charts/prometheus-adapter",
            values: {
                rules: {
                    default: false,
                    custom: [
                        {
                            seriesQuery: 'http_requests_total{namespace!="",pod!=""}',
                            name: { matches: "^(.*)_total$", as: "${1}_per_second" },
                        },
                    ],
                    external: [{ seriesQuery: '{__name__="queue_messages_ready"}' }],
                },
            },
        }),
        recorded(K.HorizontalPodAutoscaler, "api", {
            metadata: meta("api"),
            spec: {
                scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "api" },
                minReplicas: 2,
                maxReplicas: 6,
                metrics: [
                    { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
                    { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } },
                    {
                        type: "Pods",
                        pods: { metric: { name: "http_requests_per_second" }, target: { type: "AverageValue", averageValue: "50" } },
                    },
                    { type: "External", external: { metric: { name: "queue_messages_ready" }, target: { type: "Value", value: "100" } } },
                ],
            },
        }),
    ];
}
const HPA_RULE = "hpa-metrics-served";
const hpaOf = (all: RecordedResource[]) => byName(all, K.HorizontalPodAutoscaler, "api").inputs;
const adapterRules = (all: RecordedResource[]) => byName(all, K.HelmChartV4, "prometheus-adapter").inputs.values.rules;
const withoutMetricsServer = (all: RecordedResource[]) => all.splice(all.indexOf(byName(all, K.HelmChartV4, "metrics-server")), 1);

contract(
    "controller contract c: HPA metrics are served",
    hpaStack,
    [
        {
            change: "the stack installs no metrics-server",
            mutate: withoutMetricsServer,
            expect: [
                [`${HPA_RULE} @ api`, /scales on cpu but nothing serves the resource metrics API .*prometheus-adapter/],
                [`${HPA_RULE} @ api`, /scales on memory but nothing serves the resource metrics API/],
            ],
        },
        {
            change: "the adapter renames the request rate",
            mutate: (all) => (adapterRules(all).custom[0].name.as = "${1}_rate"),
            expect: [[`${HPA_RULE} @ api`, /Pods metric http_requests_per_second, which no adapter serves/]],
        },
        {
            change: "the adapter writes the name template as $1_per_second (Go expands it to nothing)",
            mutate: (all) => (adapterRules(all).custom[0].name.as = "$1_per_second"),
            expect: [[`${HPA_RULE} @ api`, /Pods metric http_requests_per_second, which no adapter serves/]],
        },
        {
            change: "the HPA scales on a Pods metric no rule yields",
            mutate: (all) => (hpaOf(all).spec.metrics[2].pods.metric.name = "requests_per_second"),
            expect: [[`${HPA_RULE} @ api`, /Pods metric requests_per_second/]],
        },
        {
            change: "the HPA scales on an Object metric no rule yields",
            mutate: (all) =>
                (hpaOf(all).spec.metrics[2] = {
                    type: "Object",
                    object: { metric: { name: "queue_depth" }, describedObject: { kind: "Service", name: "q" } },
                }),
            expect: [[`${HPA_RULE} @ api`, /Object metric queue_depth/]],
        },
        {
            change: "the HPA scales on an external metric nothing serves",
            mutate: (all) => (hpaOf(all).spec.metrics[3].external.metric.name = "sqs_messages"),
            expect: [[`${HPA_RULE} @ api`, /external metric sqs_messages/]],
        },
        {
            change: "the resource rules of the adapter leave out memory (and there is no metrics-server)",
            mutate: (all) => {
                withoutMetricsServer(all);
                adapterRules(all).resource = { cpu: { containerQuery: "sum(rate(container_cpu_usage_seconds_total[3m]))" } };
            },
            expect: [[`${HPA_RULE} @ api`, /scales on memory/]],
        },
    ],
    [
        {
            change: "the cluster prerequisite is declared on the HPA instead of a metrics-server",
            mutate: (all) => {
                withoutMetricsServer(all);
                hpaOf(all).metadata.annotations = { "prod-stack.io/metrics-api": "cluster" };
            },
        },
        {
            change: "prometheus-adapter serves cpu and memory through resource rules",
            mutate: (all) => {
                withoutMetricsServer(all);
                adapterRules(all).resource = { cpu: { containerQuery: "a" }, memory: { containerQuery: "b" }, window: "3m" };
            },
        },
        {
            change: "KEDA serves the external metrics",
            mutate: (all) => {
                adapterRules(all).external = [];
                all.push(recorded(K.HelmChartV4, "keda", { chart: "keda", values: {} }));
            },
        },
    ],
);

describe("prometheus-adapter metric names as the contract derives them", () => {
    it("applies name.matches/name.as with the adapter's defaults", () => {
        assert.deepStrictEqual(
            adapterRuleNames({ seriesQuery: "http_requests_total{pod!=''}", name: { matches: "^(.*)_total$", as: "${1}_per_second" } }),
            ["http_requests_per_second"],
        );
        assert.deepStrictEqual(adapterRuleNames({ seriesQuery: "http_requests_total{pod!=''}" }), ["http_requests_total"]);
        // Go reads `$1_per_second` as the (absent) group "1_per_second": the rule yields no usable name.
        assert.deepStrictEqual(
            adapterRuleNames({ seriesQuery: "http_requests_total", name: { matches: "^(.*)_total$", as: "$1_per_second" } }),
            [],
        );
        assert.deepStrictEqual(adapterRuleNames({ seriesQuery: '{__name__="jobs_waiting",queue!=""}', name: { as: "jobs" } }), ["jobs"]);
        assert.deepStrictEqual(adapterRuleNames({ seriesQuery: "latency_seconds", name: { matches: "^(.*)_total$" } }), []);
        assert.deepStrictEqual(
            adapterRuleNames({ seriesQuery: '{__name__=~"^http_requests_total$",pod!=""}', name: { matches: "^(.*)_total$" } }),
            ["http_requests"],
        );
        assert.deepStrictEqual(
            adapterRuleNames({ seriesQuery: '{__name__=~"^.*_queue$"}', name: { matches: "^(.*)_queue$", as: "queue_depth" } }),
            ["queue_depth"],
        );
        assert.deepStrictEqual(
            adapterRuleNames({ seriesQuery: '{__name__=~"^.*_queue$"}', name: { matches: "^(.*)_queue$", as: "${1}_depth" } }),
            [],
        );
    });
});

// d. Database extensions ----------------------------------------------------------------------------------------------

function extensionStack(): RecordedResource[] {
    return [
        recorded(A.RdsInstance, "orders", {
            engine: "postgres",
            tags: { "prod-stack.io/database": "orders", "prod-stack.io/extensions": "vector pg_stat_statements" },
        }),
        recorded(A.RdsInstance, "orders-replica", {
            engine: "postgres",
            replicateSourceDb: "orders",
            tags: { "prod-stack.io/database": "orders" },
        }),
        recorded(K.Job, "orders-extensions", {
            metadata: meta("orders-extensions", {
                labels: { "prod-stack.io/extensions-of": "orders" },
                annotations: { "prod-stack.io/extensions": "pg_stat_statements vector" },
            }),
            spec: { template: { spec: { restartPolicy: "OnFailure", containers: [{ name: "psql", image: "postgres" }] } } },
        }),
        recorded(K.Postgresql, "metrics", {
            metadata: meta("shop-metrics", {
                labels: { "prod-stack.io/database": "metrics" },
                annotations: { "prod-stack.io/extensions": "timescaledb" },
            }),
            spec: { teamId: "shop", preparedDatabases: { metrics: { extensions: { timescaledb: "public" } } } },
        }),
        recorded(K.PodMonitor, "postgres", {
            metadata: meta("postgres"),
            spec: { selector: { matchLabels: { application: "spilo" } }, podMetricsEndpoints: [{ port: "metrics" }] },
        }),
        // A plain PostgreSQL StatefulSet: its init-script ConfigMap is the creator.
        recorded(K.StatefulSet, "catalog", {
            metadata: meta("catalog", {
                labels: { "prod-stack.io/database": "catalog" },
                annotations: { "prod-stack.io/extensions": "vector" },
            }),
            spec: {
                selector: { matchLabels: { app: "catalog" } },
                template: {
                    metadata: { labels: { app: "catalog" } },
                    spec: { containers: [{ name: "postgres", image: "pgvector/pgvector" }] },
                },
            },
        }),
        recorded(K.ConfigMap, "catalog-init", {
            metadata: meta("catalog-init", {
                labels: { "prod-stack.io/extensions-of": "catalog" },
                annotations: { "prod-stack.io/extensions": "vector" },
            }),
            data: { "50-extensions.sql": 'CREATE EXTENSION IF NOT EXISTS "vector";' },
        }),
    ];
}
const EXT_RULE = "database-extensions-created";

contract("controller contract d: database extensions are created", extensionStack, [
    {
        change: "the RDS instance declares no extensions",
        mutate: (all) => delete byName(all, A.RdsInstance, "orders").inputs.tags["prod-stack.io/extensions"],
        expect: [[`${EXT_RULE} @ orders`, /database orders does not declare the extensions it needs \(tag prod-stack.io\/extensions\)/]],
    },
    {
        change: "the extension Job no longer creates vector",
        mutate: (all) =>
            (byName(all, K.Job, "orders-extensions").inputs.metadata.annotations["prod-stack.io/extensions"] = "pg_stat_statements"),
        expect: [[`${EXT_RULE} @ orders`, /needs extension\(s\) vector, which nothing in the stack creates/]],
    },
    {
        change: "the extension Job is labelled for another database",
        mutate: (all) => (byName(all, K.Job, "orders-extensions").inputs.metadata.labels["prod-stack.io/extensions-of"] = "billing"),
        expect: [[`${EXT_RULE} @ orders`, /needs extension\(s\) vector, pg_stat_statements/]],
    },
    {
        change: "the Patroni cluster's prepared database lists no timescaledb",
        mutate: (all) => (byName(all, K.Postgresql, "metrics").inputs.spec.preparedDatabases.metrics.extensions = {}),
        expect: [[`${EXT_RULE} @ metrics`, /database metrics needs extension\(s\) timescaledb/]],
    },
    {
        change: "the plain server's init script is not marked as the creator of its extensions",
        mutate: (all) => delete byName(all, K.ConfigMap, "catalog-init").inputs.metadata.labels["prod-stack.io/extensions-of"],
        expect: [[`${EXT_RULE} @ catalog`, /database catalog needs extension\(s\) vector, which nothing in the stack creates/]],
    },
    {
        change: "the Patroni cluster declares no extensions",
        mutate: (all) => delete byName(all, K.Postgresql, "metrics").inputs.metadata.annotations,
        expect: [[`${EXT_RULE} @ metrics`, /does not declare the extensions it needs \(annotation prod-stack.io\/extensions\)/]],
    },
]);

// e. Data-service monitors --------------------------------------------------------------------------------------------

const REDIS_PODS = { "app.kubernetes.io/name": "redis", "app.kubernetes.io/component": "cache" };

function clusterDataStack(): RecordedResource[] {
    return [
        recorded(K.Postgresql, "orders-db", { metadata: meta("shop-orders"), spec: { teamId: "shop", numberOfInstances: 2 } }),
        recorded(K.PodMonitor, "postgres", {
            metadata: meta("postgres"),
            spec: {
                namespaceSelector: { matchNames: [NS] },
                selector: { matchLabels: { application: "spilo" } },
                podMetricsEndpoints: [{ port: "metrics" }],
            },
        }),
        recorded(K.StatefulSet, "redis", {
            metadata: meta("redis", { labels: REDIS_PODS }),
            spec: {
                selector: { matchLabels: REDIS_PODS },
                template: { metadata: { labels: REDIS_PODS }, spec: { containers: [{ name: "redis", image: "redis" }] } },
            },
        }),
        recorded(K.Service, "redis-metrics", {
            metadata: meta("redis-metrics", { labels: REDIS_PODS }),
            spec: { selector: REDIS_PODS, ports: [{ name: "metrics", port: 9121 }] },
        }),
        recorded(K.ServiceMonitor, "redis", {
            metadata: meta("redis"),
            spec: { selector: { matchLabels: REDIS_PODS }, endpoints: [{ port: "metrics" }] },
        }),
    ];
}
const MON_RULE = "data-service-monitors-match";

contract(
    "controller contract e: data-service monitors where the data service runs (in-cluster stack)",
    clusterDataStack,
    [
        {
            change: "the Postgres PodMonitor looks in another namespace",
            mutate: (all) => (byName(all, K.PodMonitor, "postgres").inputs.spec.namespaceSelector.matchNames = ["monitoring"]),
            expect: [
                [
                    `${MON_RULE} @ orders-db`,
                    /the stack runs PostgreSQL \(Spilo\/Patroni\) in shop, but no PodMonitor or ServiceMonitor scrapes its pods/,
                ],
                [
                    `${MON_RULE} @ postgres`,
                    /PodMonitor targets PostgreSQL \(Spilo\/Patroni\) pods, but no such pod runs in the stack: it scrapes nothing/,
                ],
            ],
        },
        {
            change: "the Redis metrics Service selects other pods",
            mutate: (all) =>
                (byName(all, K.Service, "redis-metrics").inputs.spec.selector = { "app.kubernetes.io/name": "redis-exporter" }),
            expect: [
                [`${MON_RULE} @ redis`, /ServiceMonitor targets Redis pods, but no such pod runs/],
                [`${MON_RULE} @ redis`, /the stack runs Redis in shop, but no PodMonitor or ServiceMonitor scrapes its pods/],
            ],
        },
    ],
    [
        {
            change: "the Postgres PodMonitor looks in any namespace",
            mutate: (all) => (byName(all, K.PodMonitor, "postgres").inputs.spec.namespaceSelector = { any: true }),
        },
    ],
);

function managedDataStack(): RecordedResource[] {
    return [
        recorded(A.RdsInstance, "orders", {
            engine: "postgres",
            tags: { "prod-stack.io/database": "orders", "prod-stack.io/extensions": "" },
        }),
        recorded(A.ReplicationGroup, "cache", { engine: "redis" }),
        recorded(K.PodMonitor, "pgbouncer", {
            metadata: meta("pgbouncer"),
            spec: { selector: { matchLabels: { "app.kubernetes.io/name": "pgbouncer" } }, podMetricsEndpoints: [{ port: "metrics" }] },
        }),
    ];
}

contract("controller contract e: data-service monitors where the data service runs (managed services)", managedDataStack, [
    {
        change: "a Spilo PodMonitor is added on the RDS stack (the issue's defect)",
        mutate: (all) =>
            all.push(
                recorded(K.PodMonitor, "postgres", {
                    metadata: meta("postgres"),
                    spec: { selector: { matchLabels: { application: "spilo" } }, podMetricsEndpoints: [{ port: "metrics" }] },
                }),
            ),
        expect: [[`${MON_RULE} @ postgres`, /no such pod runs in the stack \(the stack runs RDS orders instead\)/]],
    },
    {
        change: "a Redis PodMonitor is added on the ElastiCache stack (the issue's defect)",
        mutate: (all) =>
            all.push(
                recorded(K.PodMonitor, "redis", {
                    metadata: meta("redis"),
                    spec: { selector: { matchLabels: REDIS_PODS }, podMetricsEndpoints: [{ port: "metrics" }] },
                }),
            ),
        expect: [[`${MON_RULE} @ redis`, /Redis pods, but no such pod runs in the stack \(the stack runs ElastiCache cache instead\)/]],
    },
]);
