/**
 * RDS PostgreSQL 16: private subnets, security group admitting 5432 only from the cluster nodes, storage and
 * Performance Insights encrypted with a customer-managed key, TLS enforced by the parameter group, enhanced monitoring,
 * read replicas. Protected (resource option + deletion protection + final snapshot) where the preset says so.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsTarget, StackContext } from "../contracts";
import { effectiveMaxConnections } from "../config";
import { LABELS, POSTGRES_PORT } from "../peers";
import { strongPassword } from "../shared/passwords";
import { EXTENSIONS_MARKER, extensionsTagValue } from "./extensions";
import { parameterFamily, rdsParameters } from "./rds-parameters";

type RdsConfig = Extract<NonNullable<StackContext["config"]["database"]>, { kind: "rds" }>;

export interface RdsPostgresArgs {
    ctx: StackContext;
    /** The `database` config (kind rds). */
    database: RdsConfig;
    /** Value of the `prod-stack.io/database` tag. */
    databaseId: string;
}

const ENHANCED_MONITORING_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";

export class RdsPostgres extends pulumi.ComponentResource {
    readonly instance: aws.rds.Instance;
    readonly replicas: aws.rds.Instance[];
    readonly key: aws.kms.Key;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly password: pulumi.Output<string>;
    readonly username: string;

    constructor(name: string, args: RdsPostgresArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:database:RdsPostgres", name, {}, opts);
        const { ctx, database: db, databaseId } = args;
        const config = ctx.config;
        const { aws: account, provider } = awsTarget(ctx, "an RDS database");
        const protect = config.preset.protectStatefulResources;
        const tags = { ...ctx.commonTags, [LABELS.database]: databaseId };
        const o = { parent: this, provider };
        const identifier = databaseId;

        this.key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `RDS storage and Performance Insights of ${databaseId}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                tags,
            },
            { ...o, protect },
        );

        const subnets = new aws.rds.SubnetGroup(
            `${name}-subnets`,
            {
                name: `${identifier}-private`,
                subnetIds: account.privateSubnetIds,
                tags,
            },
            o,
        );

        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                name: `${identifier}-postgres`,
                description: "PostgreSQL from the cluster nodes only",
                vpcId: account.vpcId,
                ingress: [
                    {
                        protocol: "tcp",
                        fromPort: POSTGRES_PORT,
                        toPort: POSTGRES_PORT,
                        securityGroups: [account.clusterSecurityGroupId],
                        description: "EKS nodes",
                    },
                ],
                egress: [],
                tags,
            },
            o,
        );

        const maxConnections = effectiveMaxConnections(db);
        const parameters = new aws.rds.ParameterGroup(
            `${name}-params`,
            {
                name: `${identifier}-pg${db.engineVersion.split(".")[0]}`,
                family: parameterFamily(db.engineVersion),
                description: `TLS only, sized for ${db.instanceClass}`,
                parameters: rdsParameters(db.instanceClass, maxConnections, db.extensions),
                tags,
            },
            o,
        );

        const monitoringRole =
            db.monitoringIntervalSeconds > 0
                ? new aws.iam.Role(
                      `${name}-monitoring`,
                      {
                          assumeRolePolicy: JSON.stringify({
                              Version: "2012-10-17",
                              Statement: [
                                  { Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" },
                              ],
                          }),
                          managedPolicyArns: [ENHANCED_MONITORING_POLICY],
                          tags,
                      },
                      o,
                  )
                : undefined;

        this.username = db.masterUsername;
        this.password = strongPassword(`${name}-master-password`, this);
        const monitoring = monitoringRole
            ? { monitoringInterval: db.monitoringIntervalSeconds, monitoringRoleArn: monitoringRole.arn }
            : { monitoringInterval: 0 };
        const performanceInsights = {
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: this.key.arn,
            performanceInsightsRetentionPeriod: db.performanceInsightsRetentionDays,
        };

        this.instance = new aws.rds.Instance(
            `${name}-primary`,
            {
                identifier,
                engine: "postgres",
                engineVersion: db.engineVersion,
                instanceClass: db.instanceClass,
                allocatedStorage: db.allocatedStorageGb,
                maxAllocatedStorage: db.maxAllocatedStorageGb ?? db.allocatedStorageGb * 4,
                storageType: "gp3",
                storageEncrypted: true,
                kmsKeyId: this.key.arn,
                dbName: db.databaseName,
                username: db.masterUsername,
                password: this.password,
                port: POSTGRES_PORT,
                dbSubnetGroupName: subnets.name,
                vpcSecurityGroupIds: [this.securityGroup.id],
                publiclyAccessible: false,
                multiAz: db.multiAz,
                parameterGroupName: parameters.name,
                backupRetentionPeriod: db.backupRetentionDays,
                backupWindow: "02:00-03:00",
                maintenanceWindow: "sun:03:30-sun:04:30",
                copyTagsToSnapshot: true,
                deletionProtection: protect,
                skipFinalSnapshot: !protect,
                finalSnapshotIdentifier: `${identifier}-final`,
                autoMinorVersionUpgrade: true,
                caCertIdentifier: "rds-ca-rsa2048-g1",
                enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
                iamDatabaseAuthenticationEnabled: true,
                applyImmediately: !protect,
                ...performanceInsights,
                ...monitoring,
                // What the config asks for; the RdsExtensions Job carries the same list as what it creates.
                tags: db.extensions.length > 0 ? { ...tags, [EXTENSIONS_MARKER]: extensionsTagValue(db.extensions) } : tags,
            },
            { ...o, protect },
        );

        this.replicas = Array.from(
            { length: db.readReplicas },
            (_, i) =>
                new aws.rds.Instance(
                    `${name}-replica-${i + 1}`,
                    {
                        identifier: `${identifier}-replica-${i + 1}`,
                        replicateSourceDb: this.instance.identifier,
                        instanceClass: db.instanceClass,
                        storageEncrypted: true,
                        kmsKeyId: this.key.arn,
                        vpcSecurityGroupIds: [this.securityGroup.id],
                        publiclyAccessible: false,
                        parameterGroupName: parameters.name,
                        // A replica has no backups of its own; the primary's final snapshot covers the data.
                        skipFinalSnapshot: true,
                        deletionProtection: protect,
                        autoMinorVersionUpgrade: true,
                        caCertIdentifier: "rds-ca-rsa2048-g1",
                        ...performanceInsights,
                        ...monitoring,
                        tags: { ...tags, "prod-stack.io/role": "read-replica" },
                    },
                    { ...o, protect },
                ),
        );

        this.registerOutputs({ address: this.instance.address, replicas: this.replicas.map((r) => r.address) });
    }
}
