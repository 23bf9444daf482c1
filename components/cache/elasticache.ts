/**
 * ElastiCache Redis 7 replication group: TLS in transit with an AUTH token (generated, stored in the secrets backend),
 * at-rest encryption with a customer-managed key, automatic failover and Multi-AZ per config, daily snapshots,
 * security group admitting 6379 only from the cluster nodes. Protected where the preset says so.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsTarget, CacheLayer, SecretsLayer, StackContext } from "../contracts";
import { strongPassword } from "../shared/passwords";
import { VPC_PRIVATE_RANGES } from "../kubernetes";
import { REDIS_PORT } from "./redis-conf";

type ElastiCacheConfig = Extract<NonNullable<StackContext["config"]["redis"]>, { kind: "elasticache" }>;

export interface ElastiCacheRedisArgs {
    ctx: StackContext;
    secrets: SecretsLayer;
    redis: ElastiCacheConfig;
}

/** Parameter group family of an engine version ("7.1" -> "redis7"). */
export function redisFamily(engineVersion: string): string {
    return `redis${engineVersion.split(".")[0]}`;
}

export class ElastiCacheRedis extends pulumi.ComponentResource {
    readonly layer: CacheLayer;
    readonly group: aws.elasticache.ReplicationGroup;

    constructor(name: string, args: ElastiCacheRedisArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:cache:ElastiCacheRedis", name, {}, opts);
        const { ctx, secrets, redis } = args;
        const config = ctx.config;
        const { aws: account, provider } = awsTarget(ctx, "ElastiCache");
        const protect = config.preset.protectStatefulResources;
        const o = { parent: this, provider };
        const id = `${config.appName}-${config.environment}-redis`;
        const tags = ctx.commonTags;

        const key = new aws.kms.Key(
            `${name}-key`,
            { description: `ElastiCache ${id} at rest`, enableKeyRotation: true, deletionWindowInDays: 30, tags },
            { ...o, protect },
        );
        const subnets = new aws.elasticache.SubnetGroup(`${name}-subnets`, { name: id, subnetIds: account.privateSubnetIds, tags }, o);
        const sg = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                name: id,
                description: "Redis from the cluster nodes only",
                vpcId: account.vpcId,
                ingress: [
                    {
                        protocol: "tcp",
                        fromPort: REDIS_PORT,
                        toPort: REDIS_PORT,
                        securityGroups: [account.clusterSecurityGroupId],
                        description: "EKS nodes",
                    },
                ],
                egress: [],
                tags,
            },
            o,
        );
        const params = new aws.elasticache.ParameterGroup(
            `${name}-params`,
            {
                name: id,
                family: redisFamily(redis.engineVersion),
                parameters: [{ name: "maxmemory-policy", value: redis.maxmemoryPolicy }],
                tags,
            },
            o,
        );
        const token = strongPassword(`${name}-auth-token`, this, { length: 48 });
        const failover = redis.nodes > 1;
        this.group = new aws.elasticache.ReplicationGroup(
            `${name}-group`,
            {
                replicationGroupId: id,
                description: `Redis of ${config.appName} ${config.environment}`,
                engine: "redis",
                engineVersion: redis.engineVersion,
                nodeType: redis.nodeType,
                numCacheClusters: redis.nodes,
                port: REDIS_PORT,
                automaticFailoverEnabled: failover,
                multiAzEnabled: failover && redis.multiAz,
                transitEncryptionEnabled: true,
                transitEncryptionMode: "required",
                authToken: token,
                authTokenUpdateStrategy: "ROTATE",
                atRestEncryptionEnabled: true,
                kmsKeyId: key.arn,
                snapshotRetentionLimit: redis.snapshotRetentionDays,
                snapshotWindow: "03:00-04:00",
                maintenanceWindow: "sun:04:30-sun:05:30",
                ...(protect ? { finalSnapshotIdentifier: `${id}-final` } : {}),
                parameterGroupName: params.name,
                subnetGroupName: subnets.name,
                securityGroupIds: [sg.id],
                autoMinorVersionUpgrade: true,
                applyImmediately: !protect,
                tags,
            },
            { ...o, protect },
        );

        const url = pulumi.secret(
            pulumi
                .all([token, this.group.primaryEndpointAddress])
                .apply(([t, host]) => `rediss://:${encodeURIComponent(t)}@${host}:${REDIS_PORT}/0`),
        );
        const refs = secrets.store(`${config.appName}-redis`, { password: token, url }, { parent: this });
        this.layer = {
            kind: "elasticache",
            url: refs.url,
            host: this.group.primaryEndpointAddress,
            port: REDIS_PORT,
            password: refs.password,
            passwordValue: token,
            tls: true,
            // ElastiCache lives outside the pod network, in the VPC; NetworkPeer.ipBlocks are plain strings, so the app
            // egress rule admits the private ranges on 6379 (the security group narrows it to the nodes).
            peer: { ipBlocks: VPC_PRIVATE_RANGES, ports: [REDIS_PORT] },
            resources: [this.group],
        };
        this.registerOutputs({ primaryEndpoint: this.group.primaryEndpointAddress });
    }
}
