/** Runs platform, edge, workloads and routes for a config under mocks, with fake data layers. */
import { StackConfig } from "../../../components/config";
import { deployEdge, deployRoutes } from "../../../components/edge/deploy";
import { deployPlatform } from "../../../components/platform/deploy";
import { deployWorkloads } from "../../../components/workload/deploy";
import { WorkloadInfo } from "../../../components/contracts";
import { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { runWithMocks } from "../../../tools/mock-runner/harness";
import { fakeCache, fakeDatabase, fakeSecrets, FakeSecrets } from "./fake-layers";

export interface LayersRun {
    resources: RecordedResource[];
    workloads: WorkloadInfo[];
    secrets: FakeSecrets;
}

export async function runLayers(config: StackConfig): Promise<LayersRun> {
    const secrets = fakeSecrets();
    let workloads: WorkloadInfo[] = [];
    const result = await runWithMocks(() => {
        const ctx = deployPlatform(config);
        const edge = deployEdge(ctx);
        workloads = deployWorkloads(ctx, {
            secrets,
            database: config.database ? fakeDatabase() : undefined,
            cache: config.redis ? fakeCache() : undefined,
            edge,
        });
        deployRoutes(ctx, edge, workloads);
    }, { stack: config.environment, config: config.aws ? { aws: config.aws } : {} });
    if (result.error) throw result.error;
    return { resources: result.resources, workloads, secrets };
}

export const T = {
    deployment: "kubernetes:apps/v1:Deployment",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    service: "kubernetes:core/v1:Service",
    configMap: "kubernetes:core/v1:ConfigMap",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
    hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    netpol: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    job: "kubernetes:batch/v1:Job",
    pvc: "kubernetes:core/v1:PersistentVolumeClaim",
    namespace: "kubernetes:core/v1:Namespace",
    quota: "kubernetes:core/v1:ResourceQuota",
    limitRange: "kubernetes:core/v1:LimitRange",
    password: "random:index/randomPassword:RandomPassword",
    gateway: "kubernetes:gateway.networking.k8s.io/v1:Gateway",
    gatewayClass: "kubernetes:gateway.networking.k8s.io/v1:GatewayClass",
    httpRoute: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    clientPolicy: "kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy",
    backendPolicy: "kubernetes:gateway.envoyproxy.io/v1alpha1:BackendTrafficPolicy",
    securityPolicy: "kubernetes:gateway.envoyproxy.io/v1alpha1:SecurityPolicy",
    routeFilter: "kubernetes:gateway.envoyproxy.io/v1alpha1:HTTPRouteFilter",
    clusterIssuer: "kubernetes:cert-manager.io/v1:ClusterIssuer",
    chart: "kubernetes:helm.sh/v4:Chart",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
    middleware: "kubernetes:traefik.io/v1alpha1:Middleware",
    ecr: "aws:ecr/repository:Repository",
    dockerImage: "docker:index/image:Image",
    awsProvider: "pulumi:providers:aws",
    k8sProvider: "pulumi:providers:kubernetes",
} as const;
