import { A } from "../../lib/aws/types";
import { ofType } from "../../lib/kubernetes/types";
import { isSet } from "../../lib/preview";
import { resourceRule } from "../../lib/rule";

const tags = ["aws", "elasticache"];
const isGroup = ofType(A.ReplicationGroup);

export const elasticacheTransitEncryption = resourceRule(
    {
        name: "elasticache-transit-encryption",
        description: "ElastiCache replication groups must encrypt traffic in transit (TLS).",
        remediationSteps: "Set transitEncryptionEnabled: true and connect with rediss://.",
        severity: "high",
        tags,
    },
    isGroup,
    (ctx) => {
        if (ctx.props.transitEncryptionEnabled !== true) ctx.report("transitEncryptionEnabled is not true.");
    },
);

export const elasticacheAtRestEncryption = resourceRule(
    {
        name: "elasticache-at-rest-encryption",
        description: "ElastiCache replication groups must be encrypted at rest with a customer-managed KMS key.",
        remediationSteps: "Set atRestEncryptionEnabled: true and kmsKeyId to the stack's KMS key ARN.",
        severity: "high",
        tags,
    },
    isGroup,
    (ctx) => {
        if (ctx.props.atRestEncryptionEnabled !== true) ctx.report("atRestEncryptionEnabled is not true.");
        if (!isSet(() => ctx.props.kmsKeyId)) ctx.report("kmsKeyId is not set.");
    },
);

export const elasticacheAuthToken = resourceRule(
    {
        name: "elasticache-auth-token",
        description: "ElastiCache replication groups must require AUTH (authToken set).",
        remediationSteps: "Set authToken from a random.RandomPassword (secret output); transit encryption is required for AUTH.",
        severity: "high",
        tags,
    },
    isGroup,
    (ctx) => {
        if (!isSet(() => ctx.props.authToken)) ctx.report("authToken is not set.");
    },
);

export const elasticacheFailover = resourceRule<{ required: boolean }>(
    {
        name: "elasticache-failover",
        description: "Where required (prod), replication groups must have automatic failover and Multi-AZ enabled.",
        remediationSteps: "Set automaticFailoverEnabled: true, multiAzEnabled: true and numCacheClusters >= 2.",
        severity: "high",
        tags,
        configSchema: { properties: { required: { type: "boolean", default: false } } },
    },
    isGroup,
    (ctx) => {
        if (!ctx.config.required) ctx.args.notApplicable("failover is not required in this environment");
        if (ctx.props.automaticFailoverEnabled !== true) ctx.report("automaticFailoverEnabled is not true.");
        if (ctx.props.multiAzEnabled !== true) ctx.report("multiAzEnabled is not true.");
    },
);

export const elasticacheSnapshots = resourceRule<{ minDays: number }>(
    {
        name: "elasticache-snapshot-retention",
        description: "ElastiCache replication groups must keep automatic snapshots (snapshotRetentionLimit >= minDays, at least 1).",
        remediationSteps: "Set snapshotRetentionLimit (e.g. 7) and a snapshotWindow outside peak hours.",
        severity: "medium",
        tags,
        configSchema: { properties: { minDays: { type: "integer", minimum: 1, default: 1 } } },
    },
    isGroup,
    (ctx) => {
        const days = ctx.props.snapshotRetentionLimit ?? 0;
        if (days < ctx.config.minDays) ctx.report(`snapshotRetentionLimit is ${days}; at least ${ctx.config.minDays} required.`);
    },
);

export const elasticacheRules = [
    elasticacheTransitEncryption,
    elasticacheAtRestEncryption,
    elasticacheAuthToken,
    elasticacheFailover,
    elasticacheSnapshots,
];
