/**
 * Redis 7 in the cluster (official image): a StatefulSet with AOF + RDB persistence on retained volumes, password and
 * renamed commands from the secrets backend (mounted files, never env literals), redis_exporter sidecar, optional
 * Sentinel HA (three members, a Sentinel beside each, and the `<app>-redis` Service served by a master-tracking proxy:
 * redis-master-proxy.ts), PodDisruptionBudget and NetworkPolicy.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CacheLayer, SecretsLayer, StackContext } from "../contracts";
import { IMAGE_UIDS } from "../kubernetes/image-uids";
import { imageFor } from "../config";
import { dataNetworkPolicy } from "../kubernetes/data-network-policy";
import { strongPassword } from "../shared/passwords";
import { SIDECAR_RESOURCES, containerSecurity, exporterProbes, podSecurityFor, resources, spreadOver } from "../kubernetes/pods";
import { hardenedContainer, namespacedMeta, networkPolicyPeers, ruleFor } from "../kubernetes";
import { APP_PODS, DATA_PODS, ENVOY_RATELIMIT_PEER, LABELS, MIGRATION_PODS, PROMETHEUS_PEER } from "../peers";
import { usesGlobalRateLimit } from "../addons/envoy-gateway";
import { toMebibytes } from "../shared/quantities";
import {
    REDIS_EXPORTER_PORT,
    REDIS_PORT,
    SENTINEL_PORT,
    redisAuthConf,
    redisConf,
    redisStartScript,
    sentinelAuthConf,
    sentinelConf,
    sentinelStartScript,
} from "./redis-conf";
import { RedisMasterProxy } from "./redis-master-proxy";

type ClusterRedisConfig = Extract<NonNullable<StackContext["config"]["redis"]>, { kind: "cluster" }>;

export interface RedisClusterArgs {
    ctx: StackContext;
    secrets: SecretsLayer;
    redis: ClusterRedisConfig;
}

export class RedisCluster extends pulumi.ComponentResource {
    readonly layer: CacheLayer;
    readonly statefulSet: k8s.apps.v1.StatefulSet;

    constructor(name: string, args: RedisClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:cache:RedisCluster", name, {}, opts);
        const { ctx, secrets, redis } = args;
        const config = ctx.config;
        const protect = config.preset.protectStatefulResources;
        const o = { parent: this, provider: ctx.k8sProvider };
        const app = `${config.appName}-redis`;
        const headless = `${app}-headless`;
        const members = redis.sentinel ? 3 : 1;
        const fqdn = (host: string) => `${host}.${config.namespace}.svc.cluster.local`;
        const firstMember = fqdn(`${app}-0.${headless}`);
        const selector = { ...DATA_PODS.redis, [LABELS.partOf]: config.appName };

        const password = strongPassword(`${name}-password`, this);
        const configName = strongPassword(`${name}-config-command`, this, { length: 24 });
        const authName = `${app}-auth`;
        const auth = secrets.store(
            authName,
            {
                password,
                "auth.conf": pulumi.secret(
                    pulumi.all([password, configName]).apply(([p, c]) => redisAuthConf(p, redis.sentinel ? `CONFIG-${c}` : undefined)),
                ),
                ...(redis.sentinel
                    ? {
                          "sentinel-auth.conf": pulumi.secret(
                              pulumi.all([password, configName]).apply(([p, c]) => sentinelAuthConf(p, `CONFIG-${c}`)),
                          ),
                      }
                    : {}),
                url: pulumi.secret(pulumi.interpolate`redis://:${password}@${fqdn(app)}:${REDIS_PORT}/0`),
            },
            { parent: this },
        );
        const passwordRef = auth.password;

        const configMap = new k8s.core.v1.ConfigMap(
            `${name}-config`,
            {
                metadata: namespacedMeta(ctx, app, selector),
                data: {
                    "redis.conf": redisConf({ maxmemory: redis.maxmemory, maxmemoryPolicy: redis.maxmemoryPolicy }),
                    ...(redis.sentinel ? { "sentinel.conf": sentinelConf(firstMember, 2) } : {}),
                },
            },
            o,
        );

        const authVolume = { name: "auth", secret: { secretName: authName, defaultMode: 0o400 } };
        const mounts = [
            { name: "config", mountPath: "/etc/redis", readOnly: true },
            { name: "auth", mountPath: "/etc/redis-auth", readOnly: true },
            { name: "run", mountPath: "/run/redis" },
        ];
        // Memory limit leaves room over maxmemory for fork-time copy-on-write (RDB/AOF rewrite) and buffers.
        const memoryLimit = `${Math.ceil(toMebibytes(redis.maxmemory) * 1.5 + 64)}Mi`;
        const redisContainer: k8s.types.input.core.v1.Container = {
            name: "redis",
            image: imageFor(config, "redis"),
            command: ["/bin/sh", "-c", redisStartScript(redis.sentinel ? { service: fqdn(`${app}-sentinel`), firstMember } : undefined)],
            ports: [{ name: "redis", containerPort: REDIS_PORT }],
            readinessProbe: {
                exec: { command: ["/bin/sh", "-c", 'REDISCLI_AUTH="$(cat /etc/redis-auth/password)" redis-cli ping | grep -q PONG'] },
                periodSeconds: 5,
            },
            livenessProbe: { tcpSocket: { port: REDIS_PORT }, periodSeconds: 10, failureThreshold: 6 },
            securityContext: containerSecurity(),
            resources: resources("100m", "1", memoryLimit),
            volumeMounts: [...mounts, { name: "data", mountPath: "/data" }],
        };
        const sentinelContainer: k8s.types.input.core.v1.Container = {
            name: "sentinel",
            image: imageFor(config, "redis"),
            command: ["/bin/sh", "-c", sentinelStartScript()],
            ports: [{ name: "sentinel", containerPort: SENTINEL_PORT }],
            readinessProbe: { tcpSocket: { port: SENTINEL_PORT }, periodSeconds: 5 },
            livenessProbe: {
                exec: { command: ["redis-cli", "-p", String(SENTINEL_PORT), "ping"] },
                periodSeconds: 20,
                failureThreshold: 3,
            },
            securityContext: containerSecurity(),
            resources: resources("25m", "200m", "64Mi"),
            volumeMounts: mounts,
        };
        const exporter: k8s.types.input.core.v1.Container = {
            name: "exporter",
            image: imageFor(config, "redisExporter"),
            env: [
                { name: "REDIS_ADDR", value: `redis://127.0.0.1:${REDIS_PORT}` },
                { name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: passwordRef.secretName, key: passwordRef.key } } },
                // CONFIG is renamed away: the exporter must not try to read it.
                { name: "REDIS_EXPORTER_CONFIG_COMMAND", value: "-" },
            ],
            ports: [{ name: "metrics", containerPort: REDIS_EXPORTER_PORT }],
            ...exporterProbes(REDIS_EXPORTER_PORT),
            securityContext: { ...containerSecurity(), runAsUser: IMAGE_UIDS.exporter, runAsGroup: IMAGE_UIDS.exporter },
            resources: SIDECAR_RESOURCES,
        };

        const headlessService = new k8s.core.v1.Service(
            `${name}-headless`,
            {
                metadata: namespacedMeta(ctx, headless, selector),
                spec: {
                    clusterIP: "None",
                    publishNotReadyAddresses: true,
                    selector,
                    ports: [
                        { name: "redis", port: REDIS_PORT },
                        { name: "sentinel", port: SENTINEL_PORT },
                    ],
                },
            },
            o,
        );
        this.statefulSet = new k8s.apps.v1.StatefulSet(
            `${name}-statefulset`,
            {
                metadata: namespacedMeta(ctx, app, selector),
                spec: {
                    serviceName: headless,
                    replicas: members,
                    podManagementPolicy: "OrderedReady",
                    selector: { matchLabels: selector },
                    persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
                    template: {
                        metadata: {
                            labels: { ...ctx.commonLabels, ...selector },
                            annotations: { "prometheus.io/scrape": "true", "prometheus.io/port": String(REDIS_EXPORTER_PORT) },
                        },
                        spec: {
                            automountServiceAccountToken: false,
                            securityContext: podSecurityFor(IMAGE_UIDS.redis),
                            ...(ctx.priorityClassName ? { priorityClassName: ctx.priorityClassName } : {}),
                            ...spreadOver(selector, members > 1),
                            terminationGracePeriodSeconds: 30,
                            containers: [redisContainer, ...(redis.sentinel ? [sentinelContainer] : []), exporter].map(hardenedContainer),
                            volumes: [
                                { name: "config", configMap: { name: configMap.metadata.name } },
                                authVolume,
                                // Memory-backed: the assembled config holds the password and must not reach a disk.
                                { name: "run", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
                            ],
                        },
                    },
                    volumeClaimTemplates: [
                        {
                            metadata: { name: "data", labels: selector },
                            spec: {
                                accessModes: ["ReadWriteOnce"],
                                ...(redis.storageClass ? { storageClassName: redis.storageClass } : {}),
                                resources: { requests: { storage: redis.storageSize } },
                            },
                        },
                    ],
                },
            },
            { ...o, protect, dependsOn: [headlessService] },
        );

        // Per-API-key counters: Envoy Gateway's rate limit service connects to the `<app>-redis` Service like an app.
        const rateLimiter = usesGlobalRateLimit(config) ? [{ ...ENVOY_RATELIMIT_PEER, ports: [REDIS_PORT] }] : [];
        // With Sentinel, REDIS_URL must follow the master: the Service then selects the proxy, which routes to it.
        const proxy = redis.sentinel
            ? new RedisMasterProxy(
                  `${name}-proxy`,
                  {
                      ctx,
                      app,
                      members: Array.from({ length: members }, (_, i) => `${fqdn(`${app}-${i}.${headless}`)}:${REDIS_PORT}`),
                      redisSelector: selector,
                      password: passwordRef,
                      clients: rateLimiter,
                  },
                  { parent: this },
              )
            : undefined;
        const service = new k8s.core.v1.Service(
            `${name}-service`,
            {
                metadata: namespacedMeta(ctx, app, selector),
                spec: proxy
                    ? { selector: proxy.selector, ports: [{ name: "redis", port: REDIS_PORT, targetPort: "redis" }] }
                    : {
                          selector,
                          ports: [
                              { name: "redis", port: REDIS_PORT, targetPort: "redis" },
                              { name: "metrics", port: REDIS_EXPORTER_PORT, targetPort: "metrics" },
                          ],
                      },
            },
            o,
        );
        const sentinelService = redis.sentinel
            ? new k8s.core.v1.Service(
                  `${name}-sentinel`,
                  {
                      metadata: namespacedMeta(ctx, `${app}-sentinel`, selector),
                      spec: { selector, ports: [{ name: "sentinel", port: SENTINEL_PORT, targetPort: "sentinel" }] },
                  },
                  o,
              )
            : undefined;
        // A single member gets no budget: maxUnavailable 0 would block every node drain, and any budget that allows
        // the one eviction protects nothing.
        const pdb =
            members > 1
                ? new k8s.policy.v1.PodDisruptionBudget(
                      `${name}-pdb`,
                      {
                          metadata: namespacedMeta(ctx, app, selector),
                          spec: { selector: { matchLabels: selector }, minAvailable: members - 1 },
                      },
                      o,
                  )
                : undefined;
        const ports = redis.sentinel ? [REDIS_PORT, SENTINEL_PORT] : [REDIS_PORT];
        const policy = dataNetworkPolicy(
            `${name}-netpol`,
            ctx,
            selector,
            {
                ingress: [
                    ruleFor({ podSelector: APP_PODS, ports }),
                    ...(proxy ? [] : [ruleFor({ podSelector: MIGRATION_PODS, ports })]),
                    ...(proxy ? [ruleFor({ podSelector: proxy.selector, ports: [REDIS_PORT] })] : rateLimiter.map(ruleFor)),
                    ruleFor({ ...PROMETHEUS_PEER, ports: [REDIS_EXPORTER_PORT] }),
                    ...(members > 1 ? [{ peers: networkPolicyPeers({ podSelector: selector }), ports }] : []),
                ],
                egress: members > 1 ? [{ peers: networkPolicyPeers({ podSelector: selector }), ports }] : [],
            },
            this,
        );

        this.layer = {
            kind: "cluster",
            url: auth.url,
            host: fqdn(app),
            port: REDIS_PORT,
            password: passwordRef,
            passwordValue: password,
            tls: false,
            // Apps reach the master through the proxy where there is one.
            peer: proxy ? { podSelector: proxy.selector, ports: [REDIS_PORT] } : { podSelector: selector, ports },
            resources: [
                this.statefulSet,
                service,
                headlessService,
                ...(pdb ? [pdb] : []),
                policy,
                ...(sentinelService ? [sentinelService] : []),
                ...(proxy ? proxy.resources : []),
            ],
        };
        this.registerOutputs({ service: app });
    }
}
