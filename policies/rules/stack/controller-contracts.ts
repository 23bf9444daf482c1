/**
 * Controller contracts (#12 item 4): what the controllers acting on the stack's objects (Vault's agent injector, the
 * Prometheus operator, the HPA controller, the Postgres operator) need from the rest of the stack. Each object may be
 * fine on its own; these rules look at how they fit. Levels come from the pack config's `all` (mandatory in staging
 * and prod, advisory in dev).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { alertmanagerSecretsContract } from "../../lib/contracts/controllers/alertmanager-secrets";
import { databaseExtensionsContract, EXTENSIONS_KEY, EXTENSIONS_OF_LABEL } from "../../lib/contracts/controllers/database-extensions";
import { dataServiceMonitorsContract } from "../../lib/contracts/controllers/data-service-monitors";
import { Contract } from "../../lib/contracts/controllers/finding";
import { CLUSTER_METRICS_API, hpaMetricsContract, METRICS_API_ANNOTATION } from "../../lib/contracts/controllers/hpa-metrics";
import { vaultInjectionContract } from "../../lib/contracts/controllers/vault-injection";
import { RuleInfo, stackRule } from "../../lib/rule";

function contractRule(info: RuleInfo, contract: Contract): StackValidationPolicy {
    return stackRule(info, (ctx) => {
        for (const f of contract(ctx.resources)) ctx.report(f.resource, f.message);
    });
}

export const vaultInjection = contractRule(
    {
        name: "vault-agent-injection-contract",
        description:
            'Pods annotated vault.hashicorp.com/agent-inject: "true" must give the agent a service-account token (automounted, or the projected volume named by agent-service-account-token-volume-name), Jobs and CronJobs must set agent-pre-populate-only: "true", and the vault.hashicorp.com/role must be written by the stack and bound to the pod\'s service account and namespace.',
        remediationSteps:
            "Mount a projected serviceAccountToken volume and name it in the token-volume annotation, pre-populate only in Jobs, and bind the role (bound_service_account_names/namespaces) to the service account the pod runs as.",
        severity: "critical",
        tags: ["stack", "contracts", "secrets"],
    },
    vaultInjectionContract,
);

export const alertmanagerSecrets = contractRule(
    {
        name: "alertmanager-receiver-secrets-exist",
        description:
            "Every Secret key an AlertmanagerConfig receiver refers to (Slack apiURL, webhook urlSecret, PagerDuty routingKey, email authPassword, ...) must be a Secret of the stack or an ExternalSecret target in its namespace, with that key.",
        remediationSteps:
            "Sync the receiver's secret into the namespace with an ExternalSecret (data[].secretKey = the referenced key); a secrets backend that only injects files into pods creates no Kubernetes Secret.",
        severity: "high",
        tags: ["stack", "contracts", "observability"],
    },
    alertmanagerSecretsContract,
);

export const hpaMetrics = contractRule(
    {
        name: "hpa-metrics-served",
        description: `HPA metrics must be served: cpu/memory by metrics.k8s.io (a metrics-server chart, prometheus-adapter with rules.resource, or the HPA annotated ${METRICS_API_ANNOTATION}: ${CLUSTER_METRICS_API} where the cluster provides it), Pods/Object metrics by a prometheus-adapter rules.custom entry yielding the name, External metrics by rules.external or KEDA.`,
        remediationSteps: `Install metrics-server (and prometheus-adapter for custom metrics) in the stack, or declare the cluster prerequisite with ${METRICS_API_ANNOTATION}: ${CLUSTER_METRICS_API} on the HPA.`,
        severity: "high",
        tags: ["stack", "contracts", "availability"],
    },
    hpaMetricsContract,
);

export const databaseExtensions = contractRule(
    {
        name: "database-extensions-created",
        description: `Every database (RDS tagged, or postgresql CR / StatefulSet labelled prod-stack.io/database) declares its extensions in ${EXTENSIONS_KEY} (space-separated), and each is created by the Postgres operator (spec.preparedDatabases.<db>.extensions) or a Job labelled ${EXTENSIONS_OF_LABEL}: <database id> listing it in its ${EXTENSIONS_KEY} annotation.`,
        remediationSteps: `Declare the extensions the database config asks for in ${EXTENSIONS_KEY} and add the step that runs CREATE EXTENSION for them (a Job labelled ${EXTENSIONS_OF_LABEL}, or preparedDatabases extensions).`,
        severity: "high",
        tags: ["stack", "contracts", "data"],
    },
    databaseExtensionsContract,
);

export const dataServiceMonitors = contractRule(
    {
        name: "data-service-monitors-match",
        description:
            "PodMonitors/ServiceMonitors aimed at Spilo (application: spilo) or Redis pods must scrape pods the stack runs (not on stacks using RDS/ElastiCache), and every in-cluster Patroni cluster and Redis workload must be scraped by one.",
        remediationSteps:
            "Drop data-service monitors on managed-service targets (monitor RDS/ElastiCache through an exporter or CloudWatch) and add a PodMonitor for every in-cluster Postgres cluster and Redis.",
        severity: "medium",
        tags: ["stack", "contracts", "observability"],
    },
    dataServiceMonitorsContract,
);

/** The controller-contract rules, in report order. */
export const controllerContractRules = [vaultInjection, alertmanagerSecrets, hpaMetrics, databaseExtensions, dataServiceMonitors];
