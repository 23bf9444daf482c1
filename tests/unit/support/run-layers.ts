/** Runs platform, edge, workloads and routes for a config under mocks, with fake data layers. */
import { StackConfig } from "../../../components/config";
import { deployEdge, deployRoutes } from "../../../components/edge/deploy";
import { deployPlatform } from "../../../components/platform/deploy";
import { deployWorkloads } from "../../../components/workload/deploy";
import { WorkloadInfo } from "../../../components/contracts";
import { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { runWithMocks } from "../../../tools/mock-runner/harness";
import { fakeCache, fakeDatabase, fakeSecrets, FakeSecrets } from "./fake-layers";
import { K } from "../../../policies/lib/kubernetes/types";

export interface LayersRun {
    resources: RecordedResource[];
    workloads: WorkloadInfo[];
    secrets: FakeSecrets;
}

export async function runLayers(config: StackConfig): Promise<LayersRun> {
    const secrets = fakeSecrets();
    let workloads: WorkloadInfo[] = [];
    const result = await runWithMocks(
        () => {
            const ctx = deployPlatform(config);
            const cache = config.redis ? fakeCache() : undefined;
            const edge = deployEdge(ctx, cache);
            workloads = deployWorkloads(ctx, {
                secrets,
                database: config.database ? fakeDatabase() : undefined,
                cache,
                edge,
            });
            deployRoutes(ctx, edge, workloads);
        },
        { stack: config.environment, config: config.aws ? { aws: config.aws } : {} },
    );
    if (result.error) throw result.error;
    return { resources: result.resources, workloads, secrets };
}

export const T = {
    deployment: K.Deployment,
    statefulSet: K.StatefulSet,
    service: K.Service,
    configMap: K.ConfigMap,
    serviceAccount: K.ServiceAccount,
    hpa: K.HorizontalPodAutoscaler,
    pdb: K.PodDisruptionBudget,
    netpol: K.NetworkPolicy,
    job: K.Job,
    pvc: K.PersistentVolumeClaim,
    namespace: K.Namespace,
    quota: K.ResourceQuota,
    limitRange: K.LimitRange,
    password: "random:index/randomPassword:RandomPassword",
    gateway: K.Gateway,
    gatewayClass: K.GatewayClass,
    httpRoute: K.HTTPRoute,
    clientPolicy: K.ClientTrafficPolicy,
    backendPolicy: K.BackendTrafficPolicy,
    securityPolicy: K.SecurityPolicy,
    routeFilter: K.HTTPRouteFilter,
    clusterIssuer: K.ClusterIssuer,
    issuer: K.Issuer,
    envoyProxy: K.EnvoyProxy,
    chart: K.HelmChartV4,
    ingress: K.Ingress,
    middleware: K.TraefikMiddleware,
    ecr: "aws:ecr/repository:Repository",
    dockerImage: "docker:index/image:Image",
    awsProvider: "pulumi:providers:aws",
    k8sProvider: "pulumi:providers:kubernetes",
} as const;
