import * as assert from "assert";
import type { RecordedResource } from "../../tools/mock-runner/recorded-resource";
import { K } from "../../policies/lib/kubernetes/types";
import { A } from "../../policies/lib/aws/types";
import { check, describeViolations, exempt, goodStack, violationsOf } from "./support/check";
import { loadPackConfig, PackConfigFile } from "../../tools/policy-check/config";
import { byName } from "./support/recorded";

type Stack = "dev" | "staging" | "prod" | PackConfigFile;
interface Case {
    rule: string;
    /** What the single changed property is, for the test title. */
    change: string;
    /** The resource that must be reported (and that the exemption goes on). */
    target: [string, string];
    mutate: (target: RecordedResource, all: RecordedResource[]) => void;
    stack?: Stack;
    /** Resources that have neither tags nor annotations cannot carry an exemption. */
    unexemptable?: true;
}

const DIGEST = `sha256:${"a".repeat(64)}`;
/** prod's config with priority classes required (no shipped stack requires them yet: see the rule's description). */
const PRIORITY_REQUIRED: PackConfigFile = { ...loadPackConfig("prod"), "k8s-priority-class": { required: true } };
/** Rules whose messages end in a `fix:` line naming the change for this finding. */
const FIX_LINE_RULES = new Set([
    "k8s-pod-security-standard",
    "k8s-no-secrets-in-configmaps",
    "k8s-no-literal-secrets-in-env",
    "k8s-image-registry-allowed",
    "k8s-no-retired-api-version",
    "k8s-no-service-external-ips",
    "k8s-pdb-allows-disruption",
    "k8s-pdb-min-available-below-replicas",
    "k8s-hpa-bounds",
    "k8s-priority-class",
    "k8s-namespace-resource-quota",
    "k8s-namespace-limit-range",
    "k8s-no-wildcard-rbac",
    "k8s-no-builtin-role-binding",
    "k8s-rbac-no-sensitive-grants",
    "monitoring-alert-receiver",
    "cloudfront-tls-minimum",
    "cloudfront-viewer-https",
    "cloudfront-s3-origin-access-control",
    "cloudfront-logging",
    "vault-agent-injection-contract",
    "alertmanager-receiver-secrets-exist",
    "hpa-metrics-served",
    "database-extensions-created",
    "data-service-monitors-match",
]);
const dep: [string, string] = ["api", K.Deployment];
const cdn: [string, string] = ["static", A.CloudFrontDistribution];
const podOf = (r: RecordedResource) => r.inputs.spec.template.spec;
const c0 = (r: RecordedResource) => podOf(r).containers[0];
const cronPod = (r: RecordedResource) => r.inputs.spec.jobTemplate.spec.template.spec;
const other = (all: RecordedResource[], name: string, type: string) => byName(all, name, type).inputs;

const cases: Case[] = [
    // pod security
    {
        rule: "k8s-pod-run-as-non-root",
        change: "pod runAsNonRoot false",
        target: dep,
        mutate: (r) => {
            podOf(r).securityContext.runAsNonRoot = false;
        },
    },
    {
        rule: "k8s-pod-run-as-non-root",
        change: "container runAsUser 0",
        target: dep,
        mutate: (r) => {
            c0(r).securityContext.runAsUser = 0;
        },
    },
    {
        rule: "k8s-container-not-privileged",
        change: "privileged true",
        target: dep,
        mutate: (r) => {
            c0(r).securityContext.privileged = true;
        },
    },
    {
        rule: "k8s-container-no-privilege-escalation",
        change: "init container allowPrivilegeEscalation true",
        target: dep,
        mutate: (r) => {
            podOf(r).initContainers[0].securityContext.allowPrivilegeEscalation = true;
        },
    },
    {
        rule: "k8s-container-drop-all-capabilities",
        change: "drop NET_RAW instead of ALL",
        target: dep,
        mutate: (r) => {
            c0(r).securityContext.capabilities.drop = ["NET_RAW"];
        },
    },
    {
        rule: "k8s-container-drop-all-capabilities",
        change: "add SYS_ADMIN",
        target: dep,
        mutate: (r) => {
            c0(r).securityContext.capabilities.add = ["SYS_ADMIN"];
        },
    },
    {
        rule: "k8s-container-read-only-root-fs",
        change: "readOnlyRootFilesystem false",
        target: dep,
        mutate: (r) => {
            c0(r).securityContext.readOnlyRootFilesystem = false;
        },
    },
    {
        rule: "k8s-pod-seccomp-runtime-default",
        change: "seccomp Unconfined",
        target: dep,
        mutate: (r) => {
            podOf(r).securityContext.seccompProfile.type = "Unconfined";
        },
    },
    {
        rule: "k8s-pod-no-host-namespaces",
        change: "hostNetwork true",
        target: dep,
        mutate: (r) => {
            podOf(r).hostNetwork = true;
        },
    },
    {
        rule: "k8s-pod-no-host-ports",
        change: "hostPort 8080",
        target: dep,
        mutate: (r) => {
            c0(r).ports[0].hostPort = 8080;
        },
    },
    {
        rule: "k8s-pod-no-host-path",
        change: "tmp volume is hostPath",
        target: dep,
        mutate: (r) => {
            podOf(r).volumes[1] = { name: "tmp", hostPath: { path: "/tmp" } };
        },
    },
    // containers
    {
        rule: "k8s-container-resources",
        change: "init container without memory limit",
        target: dep,
        mutate: (r) => {
            delete podOf(r).initContainers[0].resources.limits.memory;
        },
    },
    {
        rule: "k8s-container-resources",
        change: "CronJob container without cpu request",
        target: ["orders-db-backup", K.CronJob],
        mutate: (r) => {
            delete cronPod(r).containers[0].resources.requests.cpu;
        },
    },
    {
        rule: "k8s-container-probes",
        change: "no readinessProbe",
        target: dep,
        mutate: (r) => {
            delete c0(r).readinessProbe;
        },
    },
    {
        rule: "k8s-image-pinned",
        change: "tag without digest in prod",
        target: dep,
        mutate: (r) => {
            c0(r).image = "ghcr.io/example/api:1.4.2";
        },
    },
    {
        rule: "k8s-image-pinned",
        change: "latest tag in dev",
        stack: "dev",
        target: dep,
        mutate: (r) => {
            c0(r).image = "ghcr.io/example/api:latest";
        },
    },
    {
        rule: "k8s-image-pinned",
        change: "no tag (registry port only) in dev",
        stack: "dev",
        target: dep,
        mutate: (r) => {
            c0(r).image = "registry.local:5000/api";
        },
    },
    {
        rule: "k8s-no-literal-secrets-in-env",
        change: "DATABASE_URL literal",
        target: dep,
        mutate: (r) => {
            c0(r).env[2] = { name: "DATABASE_URL", value: "postgres://app:pw@db/app" };
        },
    },
    {
        rule: "k8s-no-secrets-in-configmaps",
        change: "REDIS_URL in ConfigMap",
        target: ["api-config", K.ConfigMap],
        mutate: (r) => {
            r.inputs.data.REDIS_URL = "redis://:pw@redis:6379";
        },
    },
    {
        rule: "k8s-sa-token-automount",
        change: "automount not disabled",
        target: dep,
        mutate: (r) => {
            delete podOf(r).automountServiceAccountToken;
        },
    },
    {
        rule: "k8s-no-default-namespace",
        change: "Service in default",
        target: ["api", K.Service],
        mutate: (r) => {
            r.inputs.metadata.namespace = "default";
        },
    },
    {
        rule: "k8s-no-default-namespace",
        change: "ConfigMap without namespace",
        target: ["api-config", K.ConfigMap],
        mutate: (r) => {
            delete r.inputs.metadata.namespace;
        },
    },
    // pod security standard (the namespace's level) — exhaustive per control in pss-differential.test.ts
    {
        rule: "k8s-pod-security-standard",
        change: "container procMount Unmasked",
        target: dep,
        mutate: (r) => {
            c0(r).securityContext.procMount = "Unmasked";
        },
    },
    {
        rule: "k8s-pod-security-standard",
        change: "unsafe sysctl",
        target: dep,
        mutate: (r) => {
            podOf(r).securityContext.sysctls = [{ name: "kernel.msgmax", value: "65536" }];
        },
    },
    {
        rule: "k8s-pod-security-standard",
        change: "nfs volume",
        target: dep,
        mutate: (r) => {
            podOf(r).volumes[1] = { name: "tmp", nfs: { server: "nfs.local", path: "/tmp" } };
        },
    },
    // secrets by value and by exact name
    {
        rule: "k8s-no-secrets-in-configmaps",
        change: "PEM private key under an innocent key",
        target: ["api-config", K.ConfigMap],
        mutate: (r) => {
            r.inputs.data["tls.pem"] = `-----BEGIN RSA PRIVATE KEY-----\nMIIEow${"A".repeat(40)}\n-----END RSA PRIVATE KEY-----\n`;
        },
    },
    {
        rule: "k8s-no-literal-secrets-in-env",
        change: "OCI_CLI_KEY_CONTENT literal",
        target: dep,
        mutate: (r) => {
            c0(r).env.push({ name: "OCI_CLI_KEY_CONTENT", value: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" });
        },
    },
    {
        rule: "k8s-no-literal-secrets-in-env",
        change: "AWS access key id under a neutral name",
        target: dep,
        mutate: (r) => {
            c0(r).env.push({ name: "UPLOAD_ID", value: "AKIAIOSFODNN7EXAMPLE" });
        },
    },
    // supply chain
    {
        rule: "k8s-image-registry-allowed",
        change: "Docker Hub image in prod",
        target: dep,
        mutate: (r) => {
            c0(r).image = `nginx:1.27.3@${DIGEST}`;
        },
    },
    {
        rule: "k8s-image-registry-allowed",
        change: "init container from quay.io in prod",
        target: dep,
        mutate: (r) => {
            podOf(r).initContainers[0].image = `quay.io/acme/migrate:1.0.0@${DIGEST}`;
        },
    },
    {
        rule: "k8s-no-retired-api-version",
        change: "CronJob on batch/v1beta1",
        target: ["orders-db-backup", K.CronJob],
        mutate: (r) => {
            r.type = "kubernetes:batch/v1beta1:CronJob";
        },
    },
    {
        rule: "k8s-no-retired-api-version",
        change: "PodDisruptionBudget on policy/v1beta1",
        target: ["api", K.PodDisruptionBudget],
        mutate: (r) => {
            r.type = "kubernetes:policy/v1beta1:PodDisruptionBudget";
        },
    },
    {
        rule: "k8s-no-service-external-ips",
        change: "Service externalIPs",
        target: ["api", K.Service],
        mutate: (r) => {
            r.inputs.spec.externalIPs = ["203.0.113.10"];
        },
    },
    // availability: budgets, autoscalers, priority
    {
        rule: "k8s-pdb-allows-disruption",
        change: "maxUnavailable 0",
        target: ["api", K.PodDisruptionBudget],
        mutate: (r) => {
            r.inputs.spec.maxUnavailable = 0;
        },
    },
    {
        rule: "k8s-pdb-allows-disruption",
        change: "minAvailable 100%",
        target: ["orders-db", K.PodDisruptionBudget],
        mutate: (r) => {
            delete r.inputs.spec.maxUnavailable;
            r.inputs.spec.minAvailable = "100%";
        },
    },
    {
        rule: "k8s-pdb-min-available-below-replicas",
        change: "minAvailable 3 of an HPA minimum of 3",
        target: ["api", K.PodDisruptionBudget],
        mutate: (r) => {
            delete r.inputs.spec.maxUnavailable;
            r.inputs.spec.minAvailable = 3;
        },
    },
    {
        rule: "k8s-hpa-bounds",
        change: "maxReplicas equal to minReplicas",
        target: ["api", K.HorizontalPodAutoscaler],
        mutate: (r) => {
            r.inputs.spec.maxReplicas = 3;
        },
    },
    {
        rule: "k8s-hpa-bounds",
        change: "minReplicas 0",
        target: ["api", K.HorizontalPodAutoscaler],
        mutate: (r) => {
            r.inputs.spec.minReplicas = 0;
        },
    },
    {
        rule: "k8s-priority-class",
        change: "priorityClassName system-cluster-critical",
        target: dep,
        mutate: (r) => {
            podOf(r).priorityClassName = "system-cluster-critical";
        },
    },
    {
        rule: "k8s-priority-class",
        change: "no priorityClassName where required",
        stack: PRIORITY_REQUIRED,
        target: dep,
        mutate: (r) => {
            delete podOf(r).priorityClassName;
        },
    },
    // namespace hygiene
    {
        rule: "k8s-namespace-resource-quota",
        change: "no ResourceQuota in shop",
        target: dep,
        mutate: (_, all) => {
            all.splice(
                all.findIndex((x) => x.type === "kubernetes:core/v1:ResourceQuota"),
                1,
            );
        },
    },
    {
        rule: "k8s-namespace-limit-range",
        change: "no LimitRange in shop",
        target: dep,
        mutate: (_, all) => {
            all.splice(
                all.findIndex((x) => x.type === "kubernetes:core/v1:LimitRange"),
                1,
            );
        },
    },
    // availability
    {
        rule: "k8s-workload-min-replicas",
        change: "2 replicas in prod",
        target: ["orders-db", K.StatefulSet],
        mutate: (r) => {
            r.inputs.spec.replicas = 2;
        },
    },
    {
        rule: "k8s-workload-min-replicas",
        change: "HPA minReplicas 2 in prod",
        target: dep,
        mutate: (_, all) => {
            other(all, "api", K.HorizontalPodAutoscaler).spec.minReplicas = 2;
        },
    },
    {
        rule: "k8s-workload-min-replicas",
        change: "replicas unset (1) in staging",
        stack: "staging",
        target: ["orders-db", K.StatefulSet],
        mutate: (r) => {
            delete r.inputs.spec.replicas;
        },
    },
    {
        rule: "k8s-pdb-required",
        change: "PDB selects other pods",
        target: dep,
        mutate: (_, all) => {
            other(all, "api", K.PodDisruptionBudget).spec.selector.matchLabels = { "app.kubernetes.io/name": "web" };
        },
    },
    {
        rule: "k8s-topology-spread",
        change: "no topologySpreadConstraints",
        target: dep,
        mutate: (r) => {
            delete podOf(r).topologySpreadConstraints;
        },
    },
    {
        rule: "k8s-no-shared-rwo-volume",
        change: "uploads claim ReadWriteOnce",
        target: dep,
        mutate: (_, all) => {
            other(all, "uploads", K.PersistentVolumeClaim).spec.accessModes = ["ReadWriteOnce"];
        },
    },
    {
        rule: "k8s-cronjob-safe-scheduling",
        change: "concurrencyPolicy Allow",
        target: ["orders-db-backup", K.CronJob],
        mutate: (r) => {
            r.inputs.spec.concurrencyPolicy = "Allow";
        },
    },
    {
        rule: "k8s-cronjob-safe-scheduling",
        change: "no startingDeadlineSeconds",
        target: ["orders-db-backup", K.CronJob],
        mutate: (r) => {
            delete r.inputs.spec.startingDeadlineSeconds;
        },
    },
    // network
    {
        rule: "k8s-namespace-default-deny",
        change: "default-deny covers Ingress only",
        target: dep,
        mutate: (_, all) => {
            other(all, "default-deny", K.NetworkPolicy).spec.policyTypes = ["Ingress"];
        },
    },
    {
        rule: "k8s-workload-network-policy",
        change: "backup policy selects other pods",
        target: ["orders-db-backup", K.CronJob],
        mutate: (_, all) => {
            other(all, "backup", K.NetworkPolicy).spec.podSelector.matchLabels = { "app.kubernetes.io/name": "restore" };
        },
    },
    {
        rule: "k8s-no-external-service",
        change: "api Service NodePort",
        target: ["api", K.Service],
        mutate: (r) => {
            r.inputs.spec.type = "NodePort";
        },
    },
    // edge
    {
        rule: "edge-tls-cert-manager",
        change: "Gateway without issuer annotation",
        target: ["public", K.Gateway],
        mutate: (r) => {
            delete r.inputs.metadata.annotations;
        },
    },
    {
        rule: "edge-tls-cert-manager",
        change: "HTTPS listener without certificateRefs",
        target: ["public", K.Gateway],
        mutate: (r) => {
            delete r.inputs.spec.listeners[1].tls;
        },
    },
    {
        rule: "edge-tls-cert-manager",
        change: "Ingress without tls",
        target: ["portal", K.Ingress],
        mutate: (r) => {
            delete r.inputs.spec.tls;
        },
    },
    {
        rule: "edge-public-host-tls",
        change: "route host outside listener wildcard",
        target: ["api", K.HTTPRoute],
        mutate: (r) => {
            r.inputs.spec.hostnames = ["api.example.org"];
        },
    },
    {
        rule: "edge-http-redirect-only",
        change: "app route without sectionName (attaches to http)",
        target: ["api", K.HTTPRoute],
        mutate: (r) => {
            delete r.inputs.spec.parentRefs[0].sectionName;
        },
    },
    {
        rule: "edge-security-headers",
        change: "no Content-Security-Policy",
        target: ["api", K.HTTPRoute],
        mutate: (r) => {
            r.inputs.spec.rules[0].filters[0].responseHeaderModifier.set.pop();
        },
    },
    {
        rule: "edge-security-headers",
        change: "Ingress without headers middleware",
        target: ["portal", K.Ingress],
        mutate: (r) => {
            r.inputs.metadata.annotations["traefik.ingress.kubernetes.io/router.middlewares"] = "shop-rate-limit@kubernetescrd";
        },
    },
    {
        rule: "edge-rate-limit",
        change: "BackendTrafficPolicy without rateLimit",
        target: ["api", K.HTTPRoute],
        mutate: (_, all) => {
            delete other(all, "api-rate-limit", K.BackendTrafficPolicy).spec.rateLimit;
        },
    },
    {
        rule: "edge-rate-limit",
        change: "Ingress without rate-limit middleware",
        target: ["portal", K.Ingress],
        mutate: (r) => {
            r.inputs.metadata.annotations["traefik.ingress.kubernetes.io/router.middlewares"] = "shop-security-headers@kubernetescrd";
        },
    },
    {
        rule: "edge-proxy-availability",
        change: "EnvoyProxy HPA minimum 1",
        target: ["public-proxy", K.EnvoyProxy],
        mutate: (r) => {
            r.inputs.spec.provider.kubernetes.envoyHpa.minReplicas = 1;
        },
    },
    {
        rule: "edge-proxy-availability",
        change: "EnvoyProxy without envoyPDB",
        target: ["public-proxy", K.EnvoyProxy],
        mutate: (r) => {
            delete r.inputs.spec.provider.kubernetes.envoyPDB;
        },
    },
    {
        rule: "edge-proxy-availability",
        change: "Gateway without an EnvoyProxy parametersRef",
        target: ["public", K.Gateway],
        mutate: (r) => {
            delete r.inputs.spec.infrastructure;
        },
    },
    {
        rule: "edge-long-timeout-scoped",
        change: "600s timeout on the catch-all rule",
        target: ["api", K.HTTPRoute],
        mutate: (r) => {
            r.inputs.spec.rules[0].timeouts = { request: "600s" };
        },
    },
    {
        rule: "edge-cors-not-wildcard",
        change: "allowOrigins *",
        target: ["api-cors", K.SecurityPolicy],
        mutate: (r) => {
            r.inputs.spec.cors.allowOrigins = ["*"];
        },
    },
    {
        rule: "edge-no-nginx-snippets",
        change: "server-snippet annotation",
        target: ["portal", K.Ingress],
        mutate: (r) => {
            r.inputs.metadata.annotations["nginx.ingress.kubernetes.io/server-snippet"] = "return 200;";
        },
    },
    {
        rule: "edge-no-retired-ingress-nginx",
        change: "ingress-nginx controller image",
        target: dep,
        mutate: (r) => {
            c0(r).image = `registry.k8s.io/ingress-nginx/controller:v1.12.1@${DIGEST}`;
        },
    },
    // rbac
    {
        rule: "k8s-no-cluster-admin-binding",
        change: "roleRef cluster-admin",
        target: ["api-reader", K.RoleBinding],
        mutate: (r) => {
            r.inputs.roleRef = { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" };
        },
    },
    {
        rule: "k8s-no-wildcard-rbac",
        change: "verbs *",
        target: ["api-reader", K.Role],
        mutate: (r) => {
            r.inputs.rules[0].verbs = ["*"];
        },
    },
    {
        rule: "k8s-no-wildcard-rbac",
        change: "apiGroups *",
        target: ["api-reader", K.Role],
        mutate: (r) => {
            r.inputs.rules[0].apiGroups = ["*"];
        },
    },
    {
        rule: "k8s-no-builtin-role-binding",
        change: "roleRef edit",
        target: ["api-reader", K.RoleBinding],
        mutate: (r) => {
            r.inputs.roleRef = { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" };
        },
    },
    {
        rule: "k8s-no-builtin-role-binding",
        change: "roleRef system:controller:namespace-controller",
        target: ["api-reader", K.RoleBinding],
        mutate: (r) => {
            r.inputs.roleRef = {
                apiGroup: "rbac.authorization.k8s.io",
                kind: "ClusterRole",
                name: "system:controller:namespace-controller",
            };
        },
    },
    {
        rule: "k8s-rbac-no-sensitive-grants",
        change: "list secrets",
        target: ["api-reader", K.Role],
        mutate: (r) => {
            r.inputs.rules[0].resources = ["configmaps", "secrets"];
        },
    },
    {
        rule: "k8s-rbac-no-sensitive-grants",
        change: "pods/exec",
        target: ["api-reader", K.Role],
        mutate: (r) => {
            r.inputs.rules.push({ apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] });
        },
    },
    {
        rule: "k8s-rbac-no-sensitive-grants",
        change: "impersonate",
        target: ["api-reader", K.Role],
        mutate: (r) => {
            r.inputs.rules.push({ apiGroups: [""], resources: ["serviceaccounts"], verbs: ["impersonate"] });
        },
    },
    // aws
    {
        rule: "rds-encrypted-cmk",
        change: "no kmsKeyId",
        target: ["orders", A.RdsInstance],
        mutate: (r) => {
            delete r.inputs.kmsKeyId;
        },
    },
    {
        rule: "rds-not-public",
        change: "publiclyAccessible",
        target: ["orders", A.RdsInstance],
        mutate: (r) => {
            r.inputs.publiclyAccessible = true;
        },
    },
    {
        rule: "rds-backup-retention",
        change: "7 days in prod",
        target: ["orders", A.RdsInstance],
        mutate: (r) => {
            r.inputs.backupRetentionPeriod = 7;
        },
    },
    {
        rule: "rds-multi-az",
        change: "multiAz false in prod",
        target: ["orders", A.RdsInstance],
        mutate: (r) => {
            r.inputs.multiAz = false;
        },
    },
    {
        rule: "rds-deletion-safety",
        change: "skipFinalSnapshot in prod",
        target: ["orders", A.RdsInstance],
        mutate: (r) => {
            r.inputs.skipFinalSnapshot = true;
        },
    },
    {
        rule: "rds-force-ssl",
        change: "rds.force_ssl 0",
        target: ["orders", A.RdsInstance],
        mutate: (_, all) => {
            other(all, "orders-pg", A.RdsParameterGroup).parameters[0].value = "0";
        },
    },
    {
        rule: "rds-force-ssl",
        change: "default parameter group",
        target: ["orders", A.RdsInstance],
        mutate: (r) => {
            delete r.inputs.parameterGroupName;
        },
    },
    {
        rule: "elasticache-transit-encryption",
        change: "transit off",
        target: ["cache", A.ReplicationGroup],
        mutate: (r) => {
            r.inputs.transitEncryptionEnabled = false;
        },
    },
    {
        rule: "elasticache-at-rest-encryption",
        change: "no kmsKeyId",
        target: ["cache", A.ReplicationGroup],
        mutate: (r) => {
            delete r.inputs.kmsKeyId;
        },
    },
    {
        rule: "elasticache-auth-token",
        change: "no authToken",
        target: ["cache", A.ReplicationGroup],
        mutate: (r) => {
            delete r.inputs.authToken;
        },
    },
    {
        rule: "elasticache-failover",
        change: "multiAzEnabled false in prod",
        target: ["cache", A.ReplicationGroup],
        mutate: (r) => {
            r.inputs.multiAzEnabled = false;
        },
    },
    {
        rule: "elasticache-snapshot-retention",
        change: "snapshots off",
        target: ["cache", A.ReplicationGroup],
        mutate: (r) => {
            r.inputs.snapshotRetentionLimit = 0;
        },
    },
    {
        rule: "s3-bucket-encryption-kms",
        change: "AES256",
        target: ["backups", A.Bucket],
        mutate: (_, all) => {
            other(
                all,
                "backups-encryption",
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            ).rules[0].applyServerSideEncryptionByDefault.sseAlgorithm = "AES256";
        },
    },
    {
        rule: "s3-bucket-versioning",
        change: "Suspended",
        target: ["backups", A.Bucket],
        mutate: (_, all) => {
            other(all, "backups-versioning", "aws:s3/bucketVersioning:BucketVersioning").versioningConfiguration.status = "Suspended";
        },
    },
    {
        rule: "s3-bucket-public-access-block",
        change: "restrictPublicBuckets false",
        target: ["backups", A.Bucket],
        mutate: (_, all) => {
            other(all, "backups-public-access", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").restrictPublicBuckets = false;
        },
    },
    {
        rule: "s3-bucket-tls-only-policy",
        change: "policy for another bucket",
        target: ["backups", A.Bucket],
        mutate: (_, all) => {
            other(all, "backups-policy", "aws:s3/bucketPolicy:BucketPolicy").bucket = "someone-elses-bucket";
        },
    },
    {
        rule: "s3-bucket-lifecycle",
        change: "rule Disabled",
        target: ["backups", A.Bucket],
        mutate: (_, all) => {
            other(all, "backups-lifecycle", "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").rules[0].status =
                "Disabled";
        },
    },
    {
        rule: "kms-key-rotation",
        change: "rotation off",
        target: ["data-key", A.KmsKey],
        mutate: (r) => {
            r.inputs.enableKeyRotation = false;
        },
    },
    {
        rule: "secretsmanager-cmk",
        change: "no kmsKeyId",
        target: ["db-credentials", A.Secret],
        mutate: (r) => {
            delete r.inputs.kmsKeyId;
        },
    },
    {
        rule: "sg-no-public-ingress",
        change: "db group open to 0.0.0.0/0",
        target: ["db", A.SecurityGroup],
        mutate: (r) => {
            r.inputs.ingress[0].cidrBlocks = ["0.0.0.0/0"];
        },
    },
    {
        rule: "sg-no-public-ingress",
        change: "443 open on a group not tagged load-balancer",
        target: ["lb", A.SecurityGroup],
        mutate: (r) => {
            delete r.inputs.tags;
        },
    },
    {
        rule: "sg-no-public-ingress",
        change: "ingress rule from ::/0",
        target: ["db-from-vpc", A.SecurityGroupIngressRule],
        mutate: (r) => {
            r.inputs.cidrIpv6 = "::/0";
        },
    },
    {
        rule: "ecr-immutable-tags",
        change: "MUTABLE",
        target: ["api", A.EcrRepository],
        mutate: (r) => {
            r.inputs.imageTagMutability = "MUTABLE";
        },
    },
    {
        rule: "ecr-scan-on-push",
        change: "scanOnPush false",
        target: ["api", A.EcrRepository],
        mutate: (r) => {
            r.inputs.imageScanningConfiguration.scanOnPush = false;
        },
    },
    // stack
    {
        rule: "random-password-strength",
        change: "length 12",
        target: ["db-password", "random:index/randomPassword:RandomPassword"],
        unexemptable: true,
        mutate: (r) => {
            r.inputs.length = 12;
        },
    },
    {
        rule: "random-password-strength",
        change: "special false",
        target: ["db-password", "random:index/randomPassword:RandomPassword"],
        unexemptable: true,
        mutate: (r) => {
            r.inputs.special = false;
        },
    },
    {
        rule: "stateful-resources-protected",
        change: "RDS unprotected in prod",
        target: ["orders", A.RdsInstance],
        mutate: (r) => {
            r.options.protect = false;
        },
    },
    {
        rule: "stateful-resources-protected",
        change: "StatefulSet with claims unprotected",
        target: ["orders-db", K.StatefulSet],
        mutate: (r) => {
            r.options.protect = false;
        },
    },
    {
        rule: "database-backup-cronjob",
        change: "StatefulSet declares another database",
        target: ["orders-db", K.StatefulSet],
        mutate: (r) => {
            r.inputs.metadata.labels["prod-stack.io/database"] = "inventory-db";
        },
    },
    {
        rule: "app-service-monitoring",
        change: "ServiceMonitor for another service",
        target: dep,
        mutate: (_, all) => {
            byName(all, "api", K.ServiceMonitor).inputs.metadata.labels["app.kubernetes.io/name"] = "web";
        },
    },
    {
        rule: "monitoring-alert-receiver",
        change: "Alertmanager routing keeps only the null receiver",
        target: ["shop-routing", K.AlertmanagerConfig],
        mutate: (r) => {
            r.inputs.spec.receivers = [{ name: "null" }];
        },
    },
    // CloudFront (the CDN layer)
    {
        rule: "cloudfront-tls-minimum",
        change: "minimumProtocolVersion TLSv1.2_2019",
        target: cdn,
        mutate: (r) => {
            r.inputs.viewerCertificate.minimumProtocolVersion = "TLSv1.2_2019";
        },
    },
    {
        rule: "cloudfront-tls-minimum",
        change: "the *.cloudfront.net default certificate",
        target: cdn,
        mutate: (r) => {
            r.inputs.viewerCertificate = { cloudfrontDefaultCertificate: true };
        },
    },
    {
        rule: "cloudfront-viewer-https",
        change: "a static path behaviour allow-all",
        target: cdn,
        mutate: (r) => {
            r.inputs.orderedCacheBehaviors[0].viewerProtocolPolicy = "allow-all";
        },
    },
    {
        rule: "cloudfront-viewer-https",
        change: "default behaviour allow-all",
        target: cdn,
        mutate: (r) => {
            r.inputs.defaultCacheBehavior.viewerProtocolPolicy = "allow-all";
        },
    },
    {
        rule: "cloudfront-s3-origin-access-control",
        change: "S3 origin without originAccessControlId",
        target: cdn,
        mutate: (r) => {
            delete r.inputs.origins[0].originAccessControlId;
        },
    },
    {
        rule: "cloudfront-s3-origin-access-control",
        change: "legacy origin access identity instead of OAC",
        target: cdn,
        mutate: (r) => {
            delete r.inputs.origins[0].originAccessControlId;
            r.inputs.origins[0].s3OriginConfig = { originAccessIdentity: "origin-access-identity/cloudfront/E1OAIEXAMPLE" };
        },
    },
    {
        rule: "cloudfront-s3-origin-access-control",
        change: "S3 website endpoint as a custom origin",
        target: cdn,
        mutate: (r) => {
            delete r.inputs.origins[0].originAccessControlId;
            r.inputs.origins[0].domainName = "prod-stack-backups.s3-website-eu-west-1.amazonaws.com";
            r.inputs.origins[0].customOriginConfig = {
                httpPort: 80,
                httpsPort: 443,
                originProtocolPolicy: "http-only",
                originSslProtocols: ["TLSv1.2"],
            };
        },
    },
    {
        rule: "cloudfront-logging",
        change: "no access log delivery",
        target: cdn,
        mutate: (_, all) => {
            all.splice(all.indexOf(byName(all, "static-log-source", A.LogDeliverySource)), 1);
        },
    },
    // controller contracts (more cases in controller-contracts.test.ts)
    {
        rule: "vault-agent-injection-contract",
        change: "api pods ask for Vault agent injection",
        target: dep,
        mutate: (r) => {
            const meta = r.inputs.spec.template.metadata;
            meta.annotations = { ...(meta.annotations ?? {}), "vault.hashicorp.com/agent-inject": "true" };
        },
    },
    {
        rule: "alertmanager-receiver-secrets-exist",
        change: "Slack receiver reads a key the synced Secret lacks",
        target: ["shop-routing", K.AlertmanagerConfig],
        mutate: (r) => {
            r.inputs.spec.receivers[1].slackConfigs[0].apiURL.key = "url";
        },
    },
    {
        rule: "hpa-metrics-served",
        change: "HPA on cpu without the cluster metrics-API declaration",
        target: ["api", K.HorizontalPodAutoscaler],
        mutate: (r) => {
            delete r.inputs.metadata.annotations;
        },
    },
    {
        rule: "database-extensions-created",
        change: "RDS declares vector, which nothing creates",
        target: ["orders", A.RdsInstance],
        mutate: (r) => {
            r.inputs.tags["prod-stack.io/extensions"] = "vector";
        },
    },
    {
        rule: "data-service-monitors-match",
        change: "ServiceMonitor aimed at Spilo pods the stack does not run",
        target: ["api", K.ServiceMonitor],
        mutate: (r) => {
            r.inputs.spec.selector = { matchLabels: { application: "spilo" } };
        },
    },
    {
        rule: "stack-references-resolve",
        change: "env refers to a Secret nothing creates",
        target: dep,
        mutate: (r) => {
            r.inputs.spec.template.spec.containers[0].env.find((e: any) => e.name === "DATABASE_URL").valueFrom.secretKeyRef.name =
                "api-db-old";
        },
    },
    {
        rule: "stack-selectors-select",
        change: "Service selector matches no pod",
        target: ["api", K.Service],
        mutate: (r) => {
            r.inputs.spec.selector = { "app.kubernetes.io/name": "apj" };
        },
    },
    {
        rule: "stack-connectivity",
        change: "DNS egress no longer covers the api pods",
        target: dep,
        mutate: (_, all) => {
            byName(all, "allow-dns", K.NetworkPolicy).inputs.spec.podSelector = {
                matchExpressions: [{ key: "app.kubernetes.io/name", operator: "NotIn", values: ["api"] }],
            };
        },
    },
];

function prepared(c: Case): { all: RecordedResource[]; target: RecordedResource } {
    const all = goodStack();
    const target = byName(all, ...c.target);
    c.mutate(target, all);
    return { all, target };
}

describe("rules: compliant fixture passes, one changed property fails, an exemption suppresses", () => {
    for (const c of cases) {
        describe(`${c.rule}: ${c.change}`, () => {
            it("passes on the compliant fixture", async () => {
                const result = await check(goodStack(), c.stack ?? "prod");
                assert.deepStrictEqual(violationsOf(result, c.rule), []);
            });
            it("reports the changed resource", async () => {
                const { all, target } = prepared(c);
                const vs = violationsOf(await check(all, c.stack ?? "prod"), c.rule);
                assert.ok(vs.length > 0, `expected a ${c.rule} violation`);
                assert.ok(
                    vs.every((v) => v.urn === target.urn),
                    describeViolations(vs),
                );
                if (FIX_LINE_RULES.has(c.rule))
                    assert.ok(
                        vs.every((v) => /\nfix: \S/.test(v.message)),
                        `no fix: line in\n${describeViolations(vs)}`,
                    );
            });
            if (c.unexemptable) return;
            it("is suppressed by a valid exemption on that resource", async () => {
                const { all, target } = prepared(c);
                exempt(target, c.rule);
                const result = await check(all, c.stack ?? "prod");
                assert.deepStrictEqual(violationsOf(result, c.rule), []);
                assert.deepStrictEqual(violationsOf(result, "policy-exemption-valid"), []);
            });
        });
    }

    it("covers every rule of the pack (except the exemption rule, tested separately)", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { allRules } = require("../../policies/rules") as typeof import("../../policies/rules");
        const tested = new Set(cases.map((c) => c.rule));
        const untested = allRules.map((r) => r.name).filter((n) => !tested.has(n) && n !== "policy-exemption-valid");
        assert.deepStrictEqual(untested, []);
    });
});
