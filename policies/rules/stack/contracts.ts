import type { StackValidationPolicy } from "@pulumi/policy";
import {
    buildModel,
    checkConnectivity,
    checkReferences,
    checkSelectors,
    EXTERNAL_REFS_ANNOTATION,
    EXTERNAL_SERVICES_ANNOTATION,
    Finding,
    StackModel,
} from "../../lib/contracts";
import { stackRule } from "../../lib/rule";

function contractRule(
    name: string,
    description: string,
    remediationSteps: string,
    check: (model: StackModel) => Finding[],
): StackValidationPolicy {
    return stackRule({ name, description, remediationSteps, severity: "high", tags: ["stack", "contracts"] }, (ctx) => {
        for (const f of check(buildModel(ctx.resources))) ctx.report(f.resource, f.message);
    });
}

export const referencesResolve = contractRule(
    "stack-references-resolve",
    "Every Secret, ConfigMap, PVC and ServiceAccount a pod, Job, CronJob, AlertmanagerConfig, ExternalSecret, SecretStore or Gateway refers to exists in the stack, is produced by something in it, or is declared external.",
    `Create the object in the stack, or declare it on the consumer: annotation ${EXTERNAL_REFS_ANNOTATION}: "<Kind>/<name>,...".`,
    checkReferences,
);

export const selectorsSelect = contractRule(
    "stack-selectors-select",
    "Every Service, PDB, NetworkPolicy, ServiceMonitor/PodMonitor/Probe, HPA target and HTTPRoute backendRef matches something the stack runs, and every monitor is picked up by the stack's Prometheus.",
    "Fix the selector or the target's labels, or drop the object on targets where its workload does not run.",
    checkSelectors,
);

export const connectivityAllowed = contractRule(
    "stack-connectivity",
    "The NetworkPolicies allow every flow the stack needs and nothing else between its pods (default deny). Required flows are derived: every pod -> kube-dns :53 UDP+TCP, Prometheus -> every scraped port, gateway proxies -> every routed Service's pods, every connection a pod's settings name (DATABASE_URL/REDIS_URL/PGHOST Secret values, pgbouncer.ini, proxy configs: app -> PgBouncer -> Postgres or RDS, app -> Redis or its proxy -> members, migrations and backups -> the server), Vault-injected pods -> Vault :8200, s3:// backups -> HTTPS, StatefulSet data members -> each other; a needed service that does not run in the stack is a finding.",
    `Add the flow to the source's egress and the destination's ingress NetworkPolicy; narrow a policy that allows more; run the missing service or declare it external (annotation ${EXTERNAL_SERVICES_ANNOTATION}).`,
    checkConnectivity,
);

export const contractRules = [referencesResolve, selectorsSelect, connectivityAllowed];
