/**
 * The failover-aware Redis endpoint: the `<app>-redis` Service in front of HAProxy pods that route to whichever member
 * is master now (redis-proxy-conf.ts), so REDIS_URL keeps working after a Sentinel failover.
 *
 * Why a proxy rather than the alternatives: a Service selecting a `role=master` label kept current by Sentinel's
 * client-reconfig-script needs RBAC to patch pods and misroutes whenever the script fails or lags; handing apps
 * REDIS_SENTINEL_HOSTS/REDIS_SENTINEL_MASTER works only for apps whose client speaks Sentinel (the seeds' apps read a
 * plain REDIS_URL). The proxy needs neither: it asks each member for its role itself, every second.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { NetworkPeer, SecretRef, StackContext } from "../contracts";
import { imageFor } from "../config";
import { hardenedContainer, namespacedMeta, networkPolicyPeers, ruleFor } from "../kubernetes";
import { dataNetworkPolicy } from "../kubernetes/data-network-policy";
import { IMAGE_UIDS } from "../kubernetes/image-uids";
import { containerSecurity, podSecurityFor, resources, spreadOver } from "../kubernetes/pods";
import { APP_PODS, LABELS, MIGRATION_PODS } from "../peers";
import { REDIS_PORT } from "./redis-conf";
import { REDIS_PROXY_HEALTH_PORT, redisProxyConf } from "./redis-proxy-conf";

export interface RedisMasterProxyArgs {
    ctx: StackContext;
    /** `<appName>-redis`: the proxy's pods are `<app>-proxy`. */
    app: string;
    /** `host:port` of the Redis members, in ordinal order. */
    members: string[];
    /** Pods of the Redis members. */
    redisSelector: Record<string, string>;
    password: SecretRef;
    /** Clients besides the app pods that connect through the proxy (Envoy Gateway's rate limit service). Default none. */
    clients?: NetworkPeer[];
    /** Proxy replicas. Default: the environment's floor for long-running workloads, at least 2 (one may be drained). */
    replicas?: number;
}

export class RedisMasterProxy extends pulumi.ComponentResource {
    /** Pods of the proxy: what the master Service selects and what apps are let through to. */
    readonly selector: Record<string, string>;
    readonly resources: pulumi.Resource[];

    constructor(name: string, args: RedisMasterProxyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:cache:RedisMasterProxy", name, {}, opts);
        const { ctx } = args;
        const config = ctx.config;
        const replicas = args.replicas ?? Math.max(2, config.preset.minReplicas);
        const o = { parent: this, provider: ctx.k8sProvider };
        const proxy = `${args.app}-proxy`;
        this.selector = { [LABELS.name]: "redis-proxy", [LABELS.component]: "cache", [LABELS.partOf]: config.appName };

        const configMap = new k8s.core.v1.ConfigMap(
            `${name}-config`,
            { metadata: namespacedMeta(ctx, proxy, this.selector), data: { "haproxy.cfg": redisProxyConf(args.members) } },
            o,
        );
        const deployment = new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            {
                metadata: namespacedMeta(ctx, proxy, this.selector),
                spec: {
                    replicas,
                    selector: { matchLabels: this.selector },
                    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
                    template: {
                        metadata: { labels: { ...ctx.commonLabels, ...this.selector } },
                        spec: {
                            automountServiceAccountToken: false,
                            securityContext: podSecurityFor(IMAGE_UIDS.redis),
                            ...(ctx.priorityClassName ? { priorityClassName: ctx.priorityClassName } : {}),
                            ...spreadOver(this.selector, replicas > 1),
                            containers: [
                                hardenedContainer({
                                    name: "haproxy",
                                    image: imageFor(config, "redisProxy"),
                                    command: ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"],
                                    env: [
                                        {
                                            name: "REDIS_PASSWORD",
                                            valueFrom: { secretKeyRef: { name: args.password.secretName, key: args.password.key } },
                                        },
                                    ],
                                    ports: [
                                        { name: "redis", containerPort: REDIS_PORT },
                                        { name: "health", containerPort: REDIS_PROXY_HEALTH_PORT },
                                    ],
                                    livenessProbe: { httpGet: { path: "/healthz", port: REDIS_PROXY_HEALTH_PORT }, periodSeconds: 10 },
                                    readinessProbe: { tcpSocket: { port: REDIS_PORT }, periodSeconds: 5 },
                                    securityContext: containerSecurity(),
                                    resources: resources("50m", "500m", "128Mi"),
                                    volumeMounts: [{ name: "config", mountPath: "/usr/local/etc/haproxy", readOnly: true }],
                                }),
                            ],
                            volumes: [{ name: "config", configMap: { name: configMap.metadata.name } }],
                        },
                    },
                },
            },
            o,
        );
        const pdb = new k8s.policy.v1.PodDisruptionBudget(
            `${name}-pdb`,
            { metadata: namespacedMeta(ctx, proxy, this.selector), spec: { selector: { matchLabels: this.selector }, minAvailable: 1 } },
            o,
        );
        const policy = dataNetworkPolicy(
            `${name}-netpol`,
            ctx,
            this.selector,
            {
                ingress: [
                    ruleFor({ podSelector: APP_PODS, ports: [REDIS_PORT] }),
                    ruleFor({ podSelector: MIGRATION_PODS, ports: [REDIS_PORT] }),
                    ...(args.clients ?? []).map(ruleFor),
                ],
                egress: [{ peers: networkPolicyPeers({ podSelector: args.redisSelector }), ports: [REDIS_PORT] }],
            },
            this,
        );
        this.resources = [deployment, pdb, policy];
        this.registerOutputs({ deployment: proxy });
    }
}
