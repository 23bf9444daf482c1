import { requestsMetricServed } from "./autoscaling-checks";
import { EnvironmentPreset } from "./presets";
import { ConfigIssue } from "./issues";
import { ParsedStackConfig } from "./schema/stack";
import { ServiceConfig } from "./schema/service";
import { imagePinningProblems } from "./schema/image";
import { effectiveMaxConnections, rdsDefaultMaxConnections } from "./sizing";
import { DEFAULT_IMAGES } from "./default-images";
import { imagesUsed } from "./images";
import { cdnIssues } from "./cdn-checks";
import { clusterStateIssues } from "./cluster-state-checks";
import { healthPathIssues } from "./health-path";

/** Sections that parsed; a check whose inputs failed to parse is skipped (their own errors are already reported). */
export interface CheckInput {
    preset: EnvironmentPreset;
    environment?: ParsedStackConfig["environment"];
    target?: ParsedStackConfig["target"];
    aws?: ParsedStackConfig["aws"];
    awsPresent: boolean;
    /** Whether the file has the section at all (it may be present but invalid, which is reported on its own). */
    databasePresent: boolean;
    redisPresent: boolean;
    /** Names of every service in the file, including ones that failed to parse (references to them are fine). */
    serviceNames: string[];
    /** Services that parsed, with their index in the stack file. */
    services: { index: number; svc: ServiceConfig }[];
    database?: ParsedStackConfig["database"];
    redis?: ParsedStackConfig["redis"];
    secrets?: ParsedStackConfig["secrets"];
    edge?: ParsedStackConfig["edge"];
    addons?: ParsedStackConfig["addons"];
    cdn?: ParsedStackConfig["cdn"];
    backup?: ParsedStackConfig["backup"];
    monitoring?: ParsedStackConfig["monitoring"];
    images?: ParsedStackConfig["images"];
}

type Check = (input: CheckInput) => ConfigIssue[];

/** Replicas the service runs with at its lowest (HPA minimum or fixed count). */
export function minReplicasOf(svc: ServiceConfig): number {
    return svc.autoscaling ? svc.autoscaling.min : svc.replicas;
}

/** Replicas the service may reach (HPA maximum or fixed count). */
export function maxReplicasOf(svc: ServiceConfig): number {
    return svc.autoscaling ? svc.autoscaling.max : svc.replicas;
}

const autoscalingBounds: Check = ({ services }) =>
    services.flatMap(({ index, svc }) =>
        svc.autoscaling && svc.autoscaling.min > svc.autoscaling.max
            ? [
                  {
                      path: `services[${index}].autoscaling.min`,
                      expected: `<= autoscaling.max (${svc.autoscaling.max})`,
                      found: String(svc.autoscaling.min),
                  },
              ]
            : [],
    );

/** A PDB that admits no voluntary disruption at the minimum replica count blocks node drains and cluster upgrades. */
const disruptionRoom: Check = ({ services }) =>
    services.flatMap(({ index, svc }) => {
        const min = minReplicasOf(svc);
        const budget = svc.disruptionBudget;
        if ("minAvailable" in budget && budget.minAvailable >= min) {
            return [
                {
                    path: `services[${index}].disruptionBudget.minAvailable`,
                    expected: `< the minimum replica count (${min}) so one pod can be evicted during a drain`,
                    found: String(budget.minAvailable),
                    fix:
                        min > 1
                            ? `set minAvailable to ${min - 1} or use maxUnavailable: 1`
                            : "run at least 2 replicas, or use maxUnavailable: 1",
                },
            ];
        }
        if ("maxUnavailable" in budget && budget.maxUnavailable >= min && min > 1) {
            return [
                {
                    path: `services[${index}].disruptionBudget.maxUnavailable`,
                    expected: `< the minimum replica count (${min}) so the service stays up during a drain`,
                    found: String(budget.maxUnavailable),
                },
            ];
        }
        return [];
    });

/** The metrics-service guide shares one ReadWriteOnce claim between 2 replicas: the second pod never attaches. */
const sharedReadWriteOnce: Check = ({ services }) =>
    services.flatMap(({ index, svc }) =>
        svc.volume && svc.volume.sharing === "shared" && svc.volume.accessMode === "ReadWriteOnce" && maxReplicasOf(svc) > 1
            ? [
                  {
                      path: `services[${index}].volume.accessMode`,
                      expected: "ReadWriteMany when one claim is shared by more than one replica",
                      found: `ReadWriteOnce with up to ${maxReplicasOf(svc)} replicas`,
                      fix: "use sharing: perReplica (a StatefulSet volume per pod), accessMode: ReadWriteMany, or 1 replica",
                  },
              ]
            : [],
    );

/** A service that needs a data service which is not configured would fall back to localhost (the Tria REDIS_HOST bug). */
const requiredDataServices: Check = ({ services, databasePresent, redisPresent }) =>
    services.flatMap(({ index, svc }) => [
        ...(svc.uses.database && !databasePresent
            ? [
                  {
                      path: `services[${index}].uses.database`,
                      expected: "a configured database",
                      found: "no `database` key",
                      fix: "add prod-stack:database with kind rds (aws) or patroni (cluster), or set uses.database: false",
                  },
              ]
            : []),
        ...(svc.uses.redis && !redisPresent
            ? [
                  {
                      path: `services[${index}].uses.redis`,
                      expected: "a configured redis",
                      found: "no `redis` key (the app would fall back to localhost)",
                      fix: "add prod-stack:redis with kind elasticache (aws) or cluster, or set uses.redis: false",
                  },
              ]
            : []),
    ]);

/** Clients: every replica's pool at max scale must fit the PgBouncers left during a one-pod disruption. */
const connectionBudget: Check = ({ services, database }) => {
    if (!database) return [];
    const pool = database.pgbouncer;
    const users = services.filter(({ svc }) => svc.uses.database);
    const demand = users.reduce((sum, { svc }) => sum + maxReplicasOf(svc) * (svc.databasePool.size + svc.databasePool.maxOverflow), 0);
    const availablePoolers = pool.replicas > 1 ? pool.replicas - 1 : 1;
    const clientCapacity = availablePoolers * pool.maxClientConnections;
    const issues: ConfigIssue[] = [];
    if (demand > clientCapacity) {
        issues.push({
            path: "database.pgbouncer.maxClientConnections",
            expected: `enough client slots for ${demand} app connections (sum of maxReplicas x (pool size + overflow): ${users.map(({ svc }) => `${svc.name} ${maxReplicasOf(svc)}x${svc.databasePool.size + svc.databasePool.maxOverflow}`).join(", ")}) on ${availablePoolers} PgBouncer replica(s) left during a disruption`,
            found: `${clientCapacity} (${availablePoolers} x ${pool.maxClientConnections})`,
            fix: "raise maxClientConnections or pgbouncer.replicas, or lower services[].databasePool / autoscaling.max",
        });
    }
    if (
        database.kind === "rds" &&
        database.maxConnections === undefined &&
        rdsDefaultMaxConnections(database.instanceClass) === undefined
    ) {
        issues.push({
            path: "database.maxConnections",
            expected: `a value for instance class ${database.instanceClass}, whose memory is not in the sizing table`,
            found: "nothing (key missing)",
            fix: "set maxConnections (RDS default: instance memory in bytes / 9531392)",
        });
        return issues;
    }
    const maxConnections = effectiveMaxConnections(database);
    {
        const serverDemand = pool.replicas * pool.maxDbConnections;
        const ceiling = Math.floor(maxConnections * 0.8);
        if (serverDemand > ceiling) {
            issues.push({
                path: "database.pgbouncer.maxDbConnections",
                expected: `replicas x maxDbConnections <= 80% of max_connections (${ceiling} of ${maxConnections}), leaving room for superuser, replication and backup connections`,
                found: `${serverDemand} (${pool.replicas} x ${pool.maxDbConnections})`,
                fix: `lower maxDbConnections to ${Math.floor(ceiling / pool.replicas)} or raise database.maxConnections to ${Math.ceil(serverDemand / 0.8)}`,
            });
        }
    }
    return issues;
};

/** Prod (the preset) forbids single points of failure in data services and unprotected traffic. */
const productionRequirements: Check = ({
    preset,
    environment,
    database,
    redis,
    secrets,
    edge,
    backup,
    monitoring,
    databasePresent,
    services,
}) => {
    const env = environment ?? "this environment";
    const issues: ConfigIssue[] = [];
    if (preset.requireTls && edge && !edge.tls.enabled) {
        issues.push({ path: "edge.tls.enabled", expected: `true in ${env}`, found: "false" });
    }
    // A stack that keeps no data has nothing to back up (and backup.enabled would be an error there).
    const keepsData = databasePresent || services.some(({ svc }) => svc.volume !== undefined);
    if (preset.requireBackups && backup && !backup.enabled && keepsData) {
        issues.push({ path: "backup.enabled", expected: `true in ${env}`, found: "false" });
    }
    if (preset.requireHighAvailability) {
        if (database?.kind === "rds" && !database.multiAz)
            issues.push({ path: "database.multiAz", expected: `true in ${env}`, found: "false" });
        if (database?.kind === "patroni" && database.members < 3)
            issues.push({ path: "database.members", expected: `>= 3 in ${env} (Patroni needs a quorum)`, found: String(database.members) });
        if (redis?.kind === "elasticache" && !redis.multiAz)
            issues.push({ path: "redis.multiAz", expected: `true in ${env}`, found: "false" });
        if (redis?.kind === "elasticache" && redis.nodes < 2)
            issues.push({ path: "redis.nodes", expected: `>= 2 in ${env} (a replica to fail over to)`, found: String(redis.nodes) });
        if (redis?.kind === "cluster" && !redis.sentinel)
            issues.push({ path: "redis.sentinel", expected: `true in ${env}`, found: "false" });
        if (secrets?.backend === "vault" && !secrets.address && secrets.replicas < 3)
            issues.push({ path: "secrets.replicas", expected: `>= 3 in ${env} (Raft quorum)`, found: String(secrets.replicas) });
    }
    if (preset.requireBackups && database?.kind === "patroni" && !database.walArchive) {
        issues.push({
            path: "database.walArchive",
            expected: `WAL archiving in ${env} (point-in-time recovery)`,
            found: "nothing (key missing)",
            fix: "add database.walArchive.bucket (S3-compatible storage)",
        });
    }
    if (preset.requireAlertReceiver && monitoring?.enabled && !monitoring.alerting.pagerdutySecret && !monitoring.alerting.slackSecret) {
        issues.push({
            path: "monitoring.alerting",
            expected: `a receiver in ${env} (slackSecret or pagerdutySecret)`,
            found: "neither: alerts would fire and notify nobody",
            fix: "set monitoring.alerting.slackSecret (and slackChannel) or monitoring.alerting.pagerdutySecret to the name of the secret in the backend",
        });
    }
    if (preset.requireTls && edge?.cors.allowOrigins.includes("*")) {
        issues.push({ path: "edge.cors.allowOrigins", expected: `explicit origins in ${env}`, found: '"*"' });
    }
    return issues;
};

/** AWS-only kinds need the aws target and the account pieces. */
const targetConsistency: Check = ({ target, awsPresent, database, redis, secrets, services }) => {
    const issues: ConfigIssue[] = [];
    if (!target) return issues;
    const awsKinds: [string, boolean][] = [
        ["database.kind", database?.kind === "rds"],
        ["redis.kind", redis?.kind === "elasticache"],
        ["secrets.backend", secrets?.backend === "aws-secrets-manager"],
    ];
    for (const [path, isAws] of awsKinds) {
        if (isAws && target !== "aws")
            issues.push({
                path,
                expected: "a kind that runs in the cluster (patroni, cluster, vault) on the cluster target",
                found: "an AWS-managed kind",
                fix: "set target: aws or pick the in-cluster kind",
            });
    }
    if (target === "aws" && !awsPresent) {
        issues.push({
            path: "aws",
            expected:
                "the AWS account pieces (region, vpcId, privateSubnetIds, clusterSecurityGroupId, oidcProviderArn, oidcIssuer) on the aws target",
            found: "nothing (key missing)",
        });
    }
    for (const { index, svc } of services) {
        if (svc.build && target !== "aws")
            issues.push({
                path: `services[${index}].build`,
                expected: "an image reference on the cluster target (builds push to ECR on aws)",
                found: "a build section",
            });
        if (!svc.build && !svc.image)
            issues.push({
                path: `services[${index}].image`,
                expected: "an image reference (or a build section on the aws target)",
                found: "nothing (key missing)",
            });
    }
    return issues;
};

const serviceGraph: Check = ({ services, serviceNames }) => {
    const issues: ConfigIssue[] = [];
    const names = new Map<string, number>();
    const routes = new Map<string, string>();
    for (const { index, svc } of services) {
        const earlier = names.get(svc.name);
        if (earlier !== undefined)
            issues.push({
                path: `services[${index}].name`,
                expected: "a name unique in the stack",
                found: `"${svc.name}", also services[${earlier}].name`,
            });
        names.set(svc.name, index);
        for (const host of svc.route?.hosts ?? []) {
            for (const path of svc.route?.paths ?? []) {
                const key = `${host}${path}`;
                const owner = routes.get(key);
                if (owner && owner !== svc.name)
                    issues.push({
                        path: `services[${index}].route`,
                        expected: "a host and path no other service routes",
                        found: `${key}, also routed to ${owner}`,
                    });
                routes.set(key, svc.name);
            }
        }
    }
    for (const { index, svc } of services) {
        svc.uses.services.forEach((dep, i) => {
            if (!serviceNames.includes(dep))
                issues.push({
                    path: `services[${index}].uses.services[${i}]`,
                    expected: `the name of a configured service (${serviceNames.join(", ")})`,
                    found: `"${dep}"`,
                });
        });
        if (svc.progressive && !svc.route)
            issues.push({
                path: `services[${index}].progressive`,
                expected: "a route (traffic weights are set on the HTTPRoute)",
                found: "no route",
            });
        if (svc.progressive && svc.volume)
            issues.push({
                path: `services[${index}].progressive`,
                expected: "no volume (two tracks cannot share per-replica state)",
                found: "a volume",
            });
    }
    return issues;
};

/** Progressive-delivery images obey the same pinning rules as the main image. */
const progressiveImages: Check = ({ preset, services }) =>
    services.flatMap(({ index, svc }) => {
        const p = svc.progressive;
        if (!p) return [];
        const refs: [string, string][] =
            p.strategy === "canary"
                ? [["image", p.image]]
                : [
                      ["blueImage", p.blueImage],
                      ["greenImage", p.greenImage],
                  ];
        return refs.flatMap(([key, ref]): ConfigIssue[] =>
            imagePinningProblems(ref, preset).map((expected) => ({
                path: `services[${index}].progressive.${key}`,
                expected,
                found: `"${ref}"`,
            })),
        );
    });

const edgeSettings: Check = ({ edge, services, redisPresent, target, aws, addons }) => {
    if (!edge) return [];
    const issues: ConfigIssue[] = [];
    if (target === "aws" && aws && addons?.awsLoadBalancerController && edge.mode === "gateway" && !aws.clusterName)
        issues.push({
            path: "aws.clusterName",
            expected: "the EKS cluster name (the AWS Load Balancer Controller that provisions the proxy's NLB needs it)",
            found: "nothing (key missing)",
            fix: "set aws.clusterName (aws eks list-clusters), or addons.awsLoadBalancerController: false if the cluster already runs it",
        });
    if (target === "cluster" && edge.dns.enabled && edge.dns.provider === "aws" && !edge.dns.credentials)
        issues.push({
            path: "edge.dns.credentials",
            expected: "the Secret with Route53 credentials on the cluster target (IRSA exists only on the aws target)",
            found: "nothing (key missing)",
            fix: "create a Secret with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the external-dns namespace and set edge.dns.credentials (secret, keys)",
        });
    if (edge.rateLimit.perApiKey && !redisPresent)
        issues.push({
            path: "edge.rateLimit.perApiKey",
            expected: "a `redis` section (per-key counters are shared by every proxy through the stack's Redis)",
            found: "no redis key",
            fix: "add redis (kind cluster or elasticache), or drop perApiKey and keep the per-IP limit",
        });
    const routed = services.some(({ svc }) => svc.route);
    if (routed && edge.tls.enabled && !edge.tls.acmeEmail) {
        issues.push({
            path: "edge.tls.acmeEmail",
            expected: "an e-mail address for the Let's Encrypt account (expiry notices go there)",
            found: "nothing (key missing)",
        });
    }
    if (edge.mode === "ingress") {
        if (!edge.ingressClass)
            issues.push({
                path: "edge.ingressClass",
                expected: "the ingress class of a maintained controller (e.g. traefik, nginx-plus)",
                found: "nothing (key missing)",
            });
        else if (edge.ingressClass === "nginx")
            issues.push({
                path: "edge.ingressClass",
                expected: "a maintained controller's class",
                found: '"nginx" (the community ingress-nginx controller, retired in March 2026, gets no security patches)',
                fix: "use mode: gateway (Envoy Gateway), or traefik / F5 NGINX Ingress Controller (nginx-plus or its own class)",
            });
    }
    return issues;
};

const backupSettings: Check = ({ preset, backup, target, databasePresent, services, serviceNames }) => {
    if (!backup || !backup.enabled) return [];
    const issues: ConfigIssue[] = [];
    // Backups that would back up nothing: data on a volume no job copies, or an explicit `enabled: true` (where the
    // preset's default is off). A stack keeping no data at all, with the preset's default on, simply has no jobs.
    const keepsData = services.some(({ svc }) => svc.volume !== undefined);
    if (!databasePresent && !backup.sqlite && (keepsData || !preset.requireBackups)) {
        issues.push({
            path: "backup.enabled",
            expected: "something to back up: a database, or SQLite files under backup.sqlite",
            found: "true, with no database and no backup.sqlite: the backup jobs would back up nothing",
            fix: "list each SQLite file under backup.sqlite.files ({ service, path }) with backup.sqlite.image, or set backup.enabled: false for a stack that keeps no data",
        });
    }
    issues.push(...sqliteBackupFiles(backup, services, serviceNames));
    if (target === "cluster" && backup.destination.kind === "s3" && !backup.destination.bucket) {
        issues.push({
            path: "backup.destination.bucket",
            expected: "a bucket on the cluster target (no bucket is created outside AWS)",
            found: "nothing (key missing)",
            fix: "give bucket (and endpoint for S3-compatible stores), or use destination.kind: filesystem",
        });
    }
    if (target === "cluster" && backup.destination.kind === "s3" && backup.destination.replicaRegion) {
        issues.push({
            path: "backup.destination.replicaRegion",
            expected: "nothing on the cluster target (replication is configured on the store itself)",
            found: `"${backup.destination.replicaRegion}"`,
        });
    }
    return issues;
};

/** Each SQLite file must sit on the named service's volume, and that volume's claims must be countable. */
function sqliteBackupFiles(
    backup: NonNullable<CheckInput["backup"]>,
    services: CheckInput["services"],
    serviceNames: string[],
): ConfigIssue[] {
    return (backup.sqlite?.files ?? []).flatMap((file, i): ConfigIssue[] => {
        const at = `backup.sqlite.files[${i}]`;
        const entry = services.find(({ svc }) => svc.name === file.service);
        if (!entry) {
            // A service that failed to parse has its own errors; only a name nobody declares is this check's.
            if (serviceNames.includes(file.service)) return [];
            return [{ path: `${at}.service`, expected: `one of the services (${serviceNames.join(", ")})`, found: `"${file.service}"` }];
        }
        const { svc, index } = entry;
        if (!svc.volume) {
            return [
                {
                    path: `${at}.service`,
                    expected: "a service with a volume (the SQLite file must outlive its pod)",
                    found: `services[${index}] (${svc.name}) has no volume`,
                    fix: `give services[${index}] a volume whose mountPath holds the file`,
                },
            ];
        }
        const mount = svc.volume.mountPath.replace(/\/+$/, "");
        if (!file.path.startsWith(`${mount}/`)) {
            return [
                {
                    path: `${at}.path`,
                    expected: `a file under services[${index}].volume.mountPath (${mount}/)`,
                    found: `"${file.path}"`,
                    fix: `use the path the service opens, e.g. ${mount}/app.db`,
                },
            ];
        }
        if (svc.volume.sharing === "perReplica" && svc.autoscaling) {
            return [
                {
                    path: `${at}.service`,
                    expected: "a fixed replica count: each replica's volume gets its own backup job",
                    found: `services[${index}].autoscaling with per-replica volumes`,
                    fix: `set services[${index}].replicas instead of autoscaling, or use volume.sharing: shared`,
                },
            ];
        }
        return [];
    });
}

/** Digest-requiring environments need every platform image the stack runs pinned by digest, not just the apps'. */
const platformImageDigests: Check = ({ preset, environment, database, redis, secrets, backup, monitoring, images }) => {
    if (!preset.requireImageDigest || !images) return [];
    return imagesUsed({ database, redis, secrets, backup, monitoring }).flatMap((key): ConfigIssue[] => {
        if (images[key] !== undefined) return [];
        const ref = DEFAULT_IMAGES[key];
        return [
            {
                path: `images.${key}`,
                expected: `a digest-pinned reference in ${environment ?? "this environment"} (the default ${ref} is pinned by tag only)`,
                found: "nothing (key missing)",
                fix: `set it to ${ref}@sha256:<digest> or your mirror's copy; resolve the digest with \`crane digest ${ref}\``,
            },
        ];
    });
};

/**
 * With Vault, secrets reach a pod as a file the agent renders; the app's command is wrapped to source it first, so the
 * command must be known (an image's entrypoint is not visible to the stack). Without it the app would start without
 * its secrets.
 */
const vaultNeedsCommand: Check = ({ secrets, services }) => {
    if (secrets?.backend !== "vault") return [];
    return services.flatMap(({ index, svc }): ConfigIssue[] => {
        const getsSecrets =
            Object.keys(svc.secretEnv).length > 0 || Object.keys(svc.generatedSecrets).length > 0 || svc.uses.database || svc.uses.redis;
        if (!getsSecrets || svc.command) return [];
        return [
            {
                path: `services[${index}].command`,
                expected: "the container's command when Vault delivers its secrets (they arrive as a file sourced before the command runs)",
                found: "nothing (key missing)",
                fix: "repeat the image's ENTRYPOINT/CMD here, e.g. [uvicorn, app.main:app, --host, 0.0.0.0]",
            },
        ];
    });
};

/**
 * Backends that suit a bare cluster but lack what staging and prod need: plain Secrets (no audit, rotation or access
 * policy) and a single PostgreSQL server (no failover). Which environments may pick them is preset data.
 */
const devOnlyBackends: Check = ({ preset, environment, secrets, database }) => {
    const env = environment ?? "this environment";
    const issues: ConfigIssue[] = [];
    if (secrets?.backend === "kubernetes" && !preset.allowKubernetesSecretsBackend)
        issues.push({
            path: "secrets.backend",
            expected: `vault or aws-secrets-manager in ${env} (audited, access-controlled, rotatable)`,
            found: '"kubernetes" (plain Secrets, allowed in dev only)',
            fix: "use backend: aws-secrets-manager on the aws target or backend: vault on the cluster target",
        });
    if (database?.kind === "postgres" && !database.allowSingleInstance)
        issues.push({
            path: "database.kind",
            expected: `a highly available database in ${env} (rds with multiAz, or patroni with 3 members)`,
            found: '"postgres" (one server, no failover)',
            fix: "use kind: rds (aws) or kind: patroni (cluster), or set database.allowSingleInstance: true to accept the outage on every restart",
        });
    if (database?.kind === "postgres" && database.extensions.includes("timescaledb") && database.extensions.includes("vector"))
        issues.push({
            path: "database.extensions",
            expected: "at most one of timescaledb and vector (each comes with its own official image)",
            found: "both",
            fix: "use kind: patroni (Spilo ships both), or drop one of them",
        });
    return issues;
};

/** Operator custom resources need the operator: without it `pulumi up` fails on the missing CRDs. */
const monitoringOperator: Check = ({ monitoring, addons }) => {
    if (!monitoring?.enabled || !addons || addons.kubePrometheusStack || monitoring.existingPrometheusOperator) return [];
    return [
        {
            path: "monitoring.enabled",
            expected: "a Prometheus operator for the ServiceMonitors, PrometheusRules and AlertmanagerConfig the monitoring layer creates",
            found: "addons.kubePrometheusStack: false and no monitoring.existingPrometheusOperator",
            fix: "set addons.kubePrometheusStack: true, monitoring.existingPrometheusOperator: true when the cluster runs one, or monitoring.enabled: false",
        },
    ];
};

/** The installed Vault's seal and snapshots need what they run on: IRSA for awskms, a named bucket for snapshots. */
const vaultHardening: Check = ({ secrets, target, backup }) => {
    if (secrets?.backend !== "vault" || secrets.address) return [];
    const issues: ConfigIssue[] = [];
    if (secrets.seal?.kind === "awskms" && target === "cluster") {
        issues.push({
            path: "secrets.seal.kind",
            expected: "transit or shamir on the cluster target (awskms needs the aws target's IAM roles for service accounts)",
            found: '"awskms"',
            fix: "use seal: {kind: transit, address, keyName, tokenSecret} (another Vault), or {kind: shamir} with the unseal keys held offline",
        });
    }
    // Snapshots go to the backup bucket; a filesystem destination takes none (docs/runbooks/disaster-recovery.md).
    if (secrets.snapshots.enabled && backup?.destination.kind === "s3" && !backup.destination.bucket) {
        issues.push({
            path: "secrets.snapshots.enabled",
            expected: "a named backup bucket for the Vault Raft snapshots (backup.destination.bucket)",
            found: "backup.destination.bucket missing",
            fix: "set backup.destination.bucket, or secrets.snapshots.enabled: false and take snapshots another way",
        });
    }
    return issues;
};

/**
 * Secrets Manager replicas: required where the preset says (prod), and one in the backup replica region, where the
 * backup encryption key must be readable when the primary region is gone (key escrow).
 */
const secretReplicas: Check = ({ preset, environment, secrets, backup }) => {
    if (secrets?.backend !== "aws-secrets-manager") return [];
    const issues: ConfigIssue[] = [];
    if (preset.requireSecretReplicas && secrets.replicaRegions.length === 0) {
        issues.push({
            path: "secrets.replicaRegions",
            expected: `at least one replica region in ${environment ?? "this environment"}`,
            found: "[]",
            fix: "list the disaster-recovery region, e.g. replicaRegions: [eu-central-1] (the backup replica region)",
        });
    }
    const backupRegion = backup?.enabled && backup.destination.kind === "s3" ? backup.destination.replicaRegion : undefined;
    if (backupRegion && !secrets.replicaRegions.includes(backupRegion)) {
        issues.push({
            path: "secrets.replicaRegions",
            expected: `to include ${backupRegion} (backup.destination.replicaRegion): the backup encryption key must survive the primary region`,
            found: JSON.stringify(secrets.replicaRegions),
            fix: `add ${backupRegion} to secrets.replicaRegions`,
        });
    }
    return issues;
};

export const CROSS_CHECKS: readonly Check[] = [
    devOnlyBackends,
    monitoringOperator,
    vaultHardening,
    secretReplicas,
    vaultNeedsCommand,
    platformImageDigests,
    autoscalingBounds,
    requestsMetricServed,
    disruptionRoom,
    sharedReadWriteOnce,
    requiredDataServices,
    connectionBudget,
    productionRequirements,
    targetConsistency,
    serviceGraph,
    progressiveImages,
    edgeSettings,
    backupSettings,
    cdnIssues,
    ({ services }) => healthPathIssues(services),
    clusterStateIssues,
];

export function runCrossChecks(input: CheckInput): ConfigIssue[] {
    return CROSS_CHECKS.flatMap((check) => check(input));
}
