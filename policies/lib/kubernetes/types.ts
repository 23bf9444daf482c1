/** Pulumi type tokens of the Kubernetes kinds the rules inspect and the tests name (one definition for both). */
export const K = {
    Pod: "kubernetes:core/v1:Pod",
    Service: "kubernetes:core/v1:Service",
    ConfigMap: "kubernetes:core/v1:ConfigMap",
    Namespace: "kubernetes:core/v1:Namespace",
    PersistentVolumeClaim: "kubernetes:core/v1:PersistentVolumeClaim",
    Deployment: "kubernetes:apps/v1:Deployment",
    StatefulSet: "kubernetes:apps/v1:StatefulSet",
    DaemonSet: "kubernetes:apps/v1:DaemonSet",
    ReplicaSet: "kubernetes:apps/v1:ReplicaSet",
    Job: "kubernetes:batch/v1:Job",
    CronJob: "kubernetes:batch/v1:CronJob",
    HorizontalPodAutoscaler: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    PodDisruptionBudget: "kubernetes:policy/v1:PodDisruptionBudget",
    NetworkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    Ingress: "kubernetes:networking.k8s.io/v1:Ingress",
    IngressClass: "kubernetes:networking.k8s.io/v1:IngressClass",
    Role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
    ClusterRole: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    RoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    ClusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    Gateway: "kubernetes:gateway.networking.k8s.io/v1:Gateway",
    HTTPRoute: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    BackendTrafficPolicy: "kubernetes:gateway.envoyproxy.io/v1alpha1:BackendTrafficPolicy",
    SecurityPolicy: "kubernetes:gateway.envoyproxy.io/v1alpha1:SecurityPolicy",
    ServiceMonitor: "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
    PrometheusRule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
    Postgresql: "kubernetes:acid.zalan.do/v1:postgresql",
    Secret: "kubernetes:core/v1:Secret",
    PriorityClass: "kubernetes:scheduling.k8s.io/v1:PriorityClass",
    ServiceAccount: "kubernetes:core/v1:ServiceAccount",
    ResourceQuota: "kubernetes:core/v1:ResourceQuota",
    LimitRange: "kubernetes:core/v1:LimitRange",
    GatewayClass: "kubernetes:gateway.networking.k8s.io/v1:GatewayClass",
    ClientTrafficPolicy: "kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy",
    HTTPRouteFilter: "kubernetes:gateway.envoyproxy.io/v1alpha1:HTTPRouteFilter",
    PodMonitor: "kubernetes:monitoring.coreos.com/v1:PodMonitor",
    Probe: "kubernetes:monitoring.coreos.com/v1:Probe",
    AlertmanagerConfig: "kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig",
    ExternalSecret: "kubernetes:external-secrets.io/v1:ExternalSecret",
    SecretStore: "kubernetes:external-secrets.io/v1:SecretStore",
    ClusterIssuer: "kubernetes:cert-manager.io/v1:ClusterIssuer",
    Issuer: "kubernetes:cert-manager.io/v1:Issuer",
    EnvoyProxy: "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy",
    TraefikMiddleware: "kubernetes:traefik.io/v1alpha1:Middleware",
    HelmRelease: "kubernetes:helm.sh/v3:Release",
    HelmChartV3: "kubernetes:helm.sh/v3:Chart",
    HelmChartV4: "kubernetes:helm.sh/v4:Chart",
} as const;

export const ofType =
    (...types: string[]) =>
    (type: string): boolean =>
        types.includes(type);

/** Kinds that carry a pod template (or are a pod). */
export const POD_BEARING = [K.Deployment, K.StatefulSet, K.DaemonSet, K.ReplicaSet, K.Job, K.CronJob, K.Pod];
/** Kinds whose pods are expected to run until replaced, so probes and replica counts apply. */
export const LONG_RUNNING = [K.Deployment, K.StatefulSet, K.DaemonSet, K.ReplicaSet, K.Pod];
/** Kinds whose replica count the availability rules govern (DaemonSets scale with nodes). */
export const REPLICATED = [K.Deployment, K.StatefulSet];

const CLUSTER_SCOPED = new Set([
    "Namespace",
    "Node",
    "PersistentVolume",
    "StorageClass",
    "ClusterRole",
    "ClusterRoleBinding",
    "IngressClass",
    "CustomResourceDefinition",
    "PriorityClass",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "APIService",
    "GatewayClass",
    "ClusterIssuer",
    "CSIDriver",
    "RuntimeClass",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "VolumeAttachment",
    "ClusterSecretStore",
    "EnvoyProxy",
]);

/** Pulumi packages under `kubernetes:` that are not Kubernetes objects (charts, manifests, kustomizations). */
const NOT_OBJECTS = /^kubernetes:(helm\.sh|yaml|kustomize)\//;

/** `kubernetes:<group>/<version>:<Kind>` → parts; undefined for provider resources, charts and *Patch/*List types. */
export function kindOf(type: string): { group: string; version: string; kind: string } | undefined {
    if (NOT_OBJECTS.test(type)) return undefined;
    const m = /^kubernetes:([^/:]+)\/([^:]+):([A-Za-z0-9]+)$/.exec(type);
    if (!m || /(Patch|List)$/.test(m[3])) return undefined;
    return { group: m[1], version: m[2], kind: m[3] };
}

export function isNamespacedObject(type: string): boolean {
    const k = kindOf(type);
    return k !== undefined && !CLUSTER_SCOPED.has(k.kind);
}
