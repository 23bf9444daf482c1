import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { strongPassword } from "../shared/passwords";
import { createHash } from "crypto";
import { ServiceConfig } from "../config";
import { CacheLayer, DatabaseLayer, NetworkPeer, SecretRef, SecretsLayer, StackContext, WorkloadInfo } from "../contracts";
import { appSelector, namespacedMeta, trackSelector } from "../kubernetes";
import { LABELS, MIGRATION_PODS } from "../peers";
import { hpaAnnotations, hpaSpec, pdbSpec } from "./autoscaling";
import { migrationEnvMap, plainEnv, secretEnvMap } from "./env";
import { resolveImage } from "./image";
import { migrationJobSpec, migrationNetworkPolicySpec } from "./migrations";
import { metricsPortOf, networkPolicySpec } from "./network-policy";
import { DATA_VOLUME, PodInputs, podTemplate } from "./pod-spec";
import { backendsOf, Track, tracksOf } from "./tracks";

export interface AppServiceArgs {
    ctx: StackContext;
    service: ServiceConfig;
    secrets: SecretsLayer;
    /** Required when `service.uses.database`. */
    database?: DatabaseLayer;
    /** Required when `service.uses.redis`. */
    cache?: CacheLayer;
    /** Edge controller pods, admitted to the HTTP port when the service has a route. */
    edgePeer: Omit<NetworkPeer, "ports">;
    /** Every service of the stack (NetworkPolicies between app services). */
    allServices: ServiceConfig[];
}

/**
 * One app service: ServiceAccount, env ConfigMap, generated secrets, one Deployment per track (a StatefulSet with a
 * volume claim template when the service has a per-replica volume), Services, HPA, PDB, NetworkPolicy and the
 * migrations Job the workloads wait for.
 */
export class AppService extends pulumi.ComponentResource {
    public readonly info: WorkloadInfo;

    constructor(name: string, args: AppServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:workload:AppService", name, {}, opts);
        const { ctx, service: svc } = args;
        const k8sOpts = (extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({
            parent: this,
            provider: ctx.k8sProvider,
            ...extra,
        });
        const protect = ctx.config.preset.protectStatefulResources;
        const baseLabels = appSelector(svc.name);
        const resources: pulumi.Resource[] = [];

        const sa = new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            {
                metadata: namespacedMeta(
                    ctx,
                    svc.name,
                    baseLabels,
                    svc.automountServiceAccountToken ? { [LABELS.needsApiToken]: "true" } : undefined,
                ),
                automountServiceAccountToken: svc.automountServiceAccountToken,
            },
            k8sOpts(),
        );

        const envData = plainEnv(svc, args.cache);
        const configMap = new k8s.core.v1.ConfigMap(
            `${name}-env`,
            { metadata: namespacedMeta(ctx, `${svc.name}-env`, baseLabels), data: envData },
            k8sOpts(),
        );

        const generated = this.generatedSecrets(name, svc, args.secrets);
        const secretEnv = secretEnvMap(svc, args, generated);
        const appSecrets = args.secrets.forWorkload(svc.name, secretEnv, { serviceAccount: svc.name });
        const dataDeps = [
            ...appSecrets.dependsOn,
            ...(svc.uses.database ? (args.database?.resources ?? []) : []),
            ...(svc.uses.redis ? (args.cache?.resources ?? []) : []),
        ];
        // Values only known at deploy time (an ElastiCache endpoint) enter the checksum once resolved.
        const envChecksum = pulumi
            .output(envData)
            .apply((data) => createHash("sha256").update(JSON.stringify({ data, secretEnv })).digest("hex").slice(0, 16));
        const annotations = { ...appSecrets.podAnnotations, "prod-stack.io/env-checksum": envChecksum };

        // A service with an env file always has a command here: config validation (vaultNeedsCommand) rejects it otherwise.
        const image = resolveImage(ctx, svc, name, this);
        const tracks = tracksOf(svc, image);
        const pod = (track: Track, labels: Record<string, string>, extra: Partial<PodInputs> = {}): PodInputs => ({
            svc,
            image: track.image,
            serviceAccountName: sa.metadata.name,
            configMapName: configMap.metadata.name,
            secretEnv: appSecrets.env,
            labels: { ...ctx.commonLabels, ...labels },
            annotations,
            topologySpread: ctx.config.preset.topologySpread,
            envFile: appSecrets.envFile,
            secretVolumes: appSecrets.podVolumes,
            priorityClassName: ctx.priorityClassName,
            ...extra,
        });

        // Shared volume: one claim for every replica.
        let sharedClaim: k8s.core.v1.PersistentVolumeClaim | undefined;
        if (svc.volume?.sharing === "shared") {
            sharedClaim = new k8s.core.v1.PersistentVolumeClaim(
                `${name}-data`,
                {
                    metadata: namespacedMeta(ctx, `${svc.name}-data`, baseLabels),
                    spec: {
                        accessModes: [svc.volume.accessMode],
                        storageClassName: svc.volume.storageClass,
                        resources: { requests: { storage: svc.volume.size } },
                    },
                },
                k8sOpts({ protect }),
            );
            resources.push(sharedClaim);
        }

        // Migrations first: every track waits for the Job to succeed.
        let migration: k8s.batch.v1.Job | undefined;
        if (svc.migrations) {
            const migrateEnv = migrationEnvMap(secretEnv, args.database);
            // The migration Job runs as the service's own account, and must finish.
            const migrateSecrets = args.secrets.forWorkload(`${svc.name}-migrate`, migrateEnv, {
                serviceAccount: svc.name,
                runsToCompletion: true,
            });
            const labels = { [LABELS.name]: svc.name, ...MIGRATION_PODS };
            const primary = tracks.find((t) => t.primary)!;
            new k8s.networking.v1.NetworkPolicy(
                `${name}-migrate-netpol`,
                {
                    metadata: namespacedMeta(ctx, `${svc.name}-migrate`, labels),
                    spec: migrationNetworkPolicySpec(labels, args.database, svc, args.cache, migrateSecrets.egress),
                },
                k8sOpts(),
            );
            migration = new k8s.batch.v1.Job(
                `${name}-migrate`,
                {
                    metadata: namespacedMeta(ctx, `${svc.name}-migrate`, labels),
                    spec: migrationJobSpec(
                        svc,
                        pod(primary, labels, {
                            secretEnv: migrateSecrets.env,
                            annotations: { ...migrateSecrets.podAnnotations },
                            envFile: migrateSecrets.envFile,
                            secretVolumes: migrateSecrets.podVolumes,
                            dataVolume: undefined,
                            topologySpread: false,
                        }),
                    ),
                },
                k8sOpts({ dependsOn: [...migrateSecrets.dependsOn, ...(args.database?.resources ?? [])] }),
            );
            resources.push(migration);
        }

        for (const track of tracks) {
            const selector = trackSelector(svc.name, track.track);
            const dependsOn = [...dataDeps, ...(migration ? [migration] : [])];
            const kind = svc.volume?.sharing === "perReplica" ? "StatefulSet" : "Deployment";
            // An HPA owns the replica count of a scaled track: a static count would fight it on every `pulumi up`.
            const hpaOwned = track.scaled && svc.autoscaling !== undefined;
            const replicas = hpaOwned ? {} : { replicas: track.scaled ? svc.replicas : (track.replicas ?? 1) };
            const workloadOpts = k8sOpts({ dependsOn });
            const suffix = track.track === "stable" ? "" : `-${track.track}`;
            const meta = namespacedMeta(ctx, track.name, selector);
            let workload: pulumi.CustomResource;
            if (kind === "StatefulSet") {
                const vol = svc.volume!;
                // A StatefulSet's governing Service must be headless: it gives each pod its stable DNS name.
                const governing = new k8s.core.v1.Service(
                    `${name}${suffix}-headless`,
                    {
                        metadata: namespacedMeta(ctx, `${track.name}-headless`, baseLabels),
                        spec: { clusterIP: "None", selector, ports: servicePorts(svc) },
                    },
                    k8sOpts(),
                );
                workload = new k8s.apps.v1.StatefulSet(
                    `${name}${suffix}-statefulset`,
                    {
                        metadata: meta,
                        spec: {
                            serviceName: `${track.name}-headless`,
                            ...replicas,
                            selector: { matchLabels: selector },
                            updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
                            persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
                            template: podTemplate(pod(track, selector, { dataVolume: { kind: "template" } })),
                            volumeClaimTemplates: [
                                {
                                    metadata: { name: DATA_VOLUME, labels: { ...ctx.commonLabels, ...baseLabels } },
                                    spec: {
                                        accessModes: [vol.accessMode],
                                        storageClassName: vol.storageClass,
                                        resources: { requests: { storage: vol.size } },
                                    },
                                },
                            ],
                        },
                    },
                    { ...workloadOpts, dependsOn: [...dependsOn, governing], protect },
                );
            } else {
                // A shared ReadWriteOnce claim cannot be attached by a surge pod on another node: recreate instead.
                const rwoShared = svc.volume?.sharing === "shared" && svc.volume.accessMode === "ReadWriteOnce";
                workload = new k8s.apps.v1.Deployment(
                    `${name}${suffix}-deployment`,
                    {
                        metadata: meta,
                        spec: {
                            ...replicas,
                            selector: { matchLabels: selector },
                            revisionHistoryLimit: 5,
                            strategy: rwoShared
                                ? { type: "Recreate" }
                                : { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
                            template: podTemplate(
                                pod(
                                    track,
                                    selector,
                                    sharedClaim ? { dataVolume: { kind: "claim", claimName: sharedClaim.metadata.name } } : {},
                                ),
                            ),
                        },
                    },
                    workloadOpts,
                );
            }
            resources.push(workload);
            if (track.scaled && svc.autoscaling) {
                new k8s.autoscaling.v2.HorizontalPodAutoscaler(
                    `${name}${suffix}-hpa`,
                    {
                        metadata: { ...meta, annotations: hpaAnnotations(ctx.config.addons) },
                        spec: hpaSpec(svc.autoscaling, { kind, name: track.name }),
                    },
                    k8sOpts(),
                );
            }
            if (track.scaled)
                new k8s.policy.v1.PodDisruptionBudget(`${name}${suffix}-pdb`, { metadata: meta, spec: pdbSpec(svc, selector) }, k8sOpts());
        }

        // Services: the main one (primary track) for in-cluster callers and scrapes, plus one per extra routed track.
        const serviceNames = new Set<string>([svc.name, ...backendsOf(svc, tracks).map((b) => b.serviceName)]);
        for (const serviceName of serviceNames) {
            const track = serviceName === svc.name ? tracks.find((t) => t.primary)! : tracks.find((t) => t.name === serviceName)!;
            const suffix = serviceName === svc.name ? "" : serviceName.slice(svc.name.length);
            resources.push(
                new k8s.core.v1.Service(
                    `${name}${suffix}-service`,
                    {
                        metadata: namespacedMeta(ctx, serviceName, { ...baseLabels, [LABELS.track]: track.track }),
                        spec: { type: "ClusterIP", selector: trackSelector(svc.name, track.track), ports: servicePorts(svc) },
                    },
                    k8sOpts(),
                ),
            );
        }

        new k8s.networking.v1.NetworkPolicy(
            `${name}-netpol`,
            {
                metadata: namespacedMeta(ctx, svc.name, baseLabels),
                spec: networkPolicySpec(svc, {
                    edge: args.edgePeer,
                    database: args.database?.pooler,
                    cache: args.cache?.peer,
                    services: args.allServices,
                    secrets: appSecrets.egress,
                }),
            },
            k8sOpts(),
        );

        this.info = {
            name: svc.name,
            serviceName: svc.name,
            httpPort: svc.port,
            metricsPort: metricsPortOf(svc),
            metricsPath: svc.metricsPath,
            selector: baseLabels,
            backends: backendsOf(svc, tracks),
            resources,
        };
        this.registerOutputs({ serviceName: svc.name });
    }

    /** Random values (all character classes, configured length) stored in the secrets backend. */
    private generatedSecrets(name: string, svc: ServiceConfig, secrets: SecretsLayer): Record<string, SecretRef> {
        const entries = Object.entries(svc.generatedSecrets);
        if (entries.length === 0) return {};
        const values: Record<string, pulumi.Input<string>> = {};
        for (const [envName, length] of entries) {
            values[envName] = strongPassword(`${name}-${envName.toLowerCase().replace(/_/g, "-")}`, this, { length });
        }
        return secrets.store(`${svc.name}-generated`, values, { parent: this });
    }
}

/** Service ports: http, and metrics when it is a separate port. */
export function servicePorts(svc: ServiceConfig): k8s.types.input.core.v1.ServicePort[] {
    const ports: k8s.types.input.core.v1.ServicePort[] = [{ name: "http", port: svc.port, targetPort: "http", protocol: "TCP" }];
    if (metricsPortOf(svc) !== svc.port) ports.push({ name: "metrics", port: metricsPortOf(svc), targetPort: "metrics", protocol: "TCP" });
    return ports;
}
