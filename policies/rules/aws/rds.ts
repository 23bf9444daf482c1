import { dependentsOf } from "../../lib/aws/join";
import { A } from "../../lib/aws/types";
import { known, UNKNOWN, isSet } from "../../lib/preview";
import { ofType } from "../../lib/kubernetes/types";
import { resourceRule, stackRule } from "../../lib/rule";

const tags = ["aws", "rds"];
const isInstance = ofType(A.RdsInstance);
/** Read replicas inherit encryption and have no backups or final snapshot of their own. */
const isReplica = (props: Record<string, any>) => isSet(() => props.replicateSourceDb);

export const rdsEncryptedCmk = resourceRule(
    {
        name: "rds-encrypted-cmk",
        description: "RDS instances must be encrypted at rest with a customer-managed KMS key (storageEncrypted and kmsKeyId).",
        remediationSteps:
            "Set storageEncrypted: true and kmsKeyId to the ARN of the stack's KMS key (encryption can only be set at creation: restore from an encrypted snapshot to fix an existing instance).",
        severity: "high",
        tags,
    },
    isInstance,
    (ctx) => {
        if (isReplica(ctx.props)) return;
        if (ctx.props.storageEncrypted !== true) ctx.report("storageEncrypted is not true.");
        if (!isSet(() => ctx.props.kmsKeyId)) ctx.report("kmsKeyId is not set, so the AWS-managed key is used.");
    },
);

export const rdsNotPublic = resourceRule(
    {
        name: "rds-not-public",
        description: "RDS instances must not be publicly accessible.",
        remediationSteps: "Set publiclyAccessible: false and place the instance in private subnets.",
        severity: "critical",
        tags,
    },
    isInstance,
    (ctx) => {
        if (ctx.props.publiclyAccessible === true) ctx.report("publiclyAccessible is true.");
    },
);

interface RetentionConfig {
    minDays: number;
}

export const rdsBackupRetention = resourceRule<RetentionConfig>(
    {
        name: "rds-backup-retention",
        description: "RDS instances must keep automated backups (point-in-time recovery) for at least minDays days.",
        remediationSteps: "Set backupRetentionPeriod to at least the configured minimum (7 in dev/staging, 30 in prod).",
        severity: "medium",
        tags,
        configSchema: { properties: { minDays: { type: "integer", minimum: 1, maximum: 35, default: 7 } } },
    },
    isInstance,
    (ctx) => {
        if (isReplica(ctx.props)) return;
        const days = ctx.props.backupRetentionPeriod ?? 0;
        if (days < ctx.config.minDays) ctx.report(`backupRetentionPeriod is ${days}; at least ${ctx.config.minDays} required.`);
    },
);

interface RequiredConfig {
    required: boolean;
}
const requiredSchema = { properties: { required: { type: "boolean" as const, default: false } } };

export const rdsMultiAz = resourceRule<RequiredConfig>(
    {
        name: "rds-multi-az",
        description: "RDS primary instances must be Multi-AZ where the environment requires it (config required: true in prod).",
        remediationSteps: "Set multiAz: true.",
        severity: "high",
        tags,
        configSchema: requiredSchema,
    },
    isInstance,
    (ctx) => {
        if (!ctx.config.required) ctx.args.notApplicable("Multi-AZ is not required in this environment");
        if (!isReplica(ctx.props) && ctx.props.multiAz !== true) ctx.report("multiAz is not true.");
    },
);

export const rdsDeletionSafety = resourceRule<RequiredConfig>(
    {
        name: "rds-deletion-safety",
        description: "Where required (prod), RDS instances must have deletionProtection on and take a final snapshot on deletion.",
        remediationSteps: "Set deletionProtection: true and skipFinalSnapshot: false (with finalSnapshotIdentifier).",
        severity: "high",
        tags,
        configSchema: requiredSchema,
    },
    isInstance,
    (ctx) => {
        if (!ctx.config.required) ctx.args.notApplicable("deletion safety is not required in this environment");
        if (ctx.props.deletionProtection !== true) ctx.report("deletionProtection is not true.");
        if (!isReplica(ctx.props) && ctx.props.skipFinalSnapshot !== false) ctx.report("skipFinalSnapshot is not false.");
    },
);

function forcesSsl(props: Record<string, any>): boolean {
    return (props.parameters ?? []).some((p: any) => p.name === "rds.force_ssl" && String(p.value) === "1");
}

export const rdsForceSsl = stackRule(
    {
        name: "rds-force-ssl",
        description: "Every RDS instance must use a parameter group that sets rds.force_ssl = 1.",
        remediationSteps:
            'Create an aws.rds.ParameterGroup with parameters [{ name: "rds.force_ssl", value: "1" }] and set the instance\'s parameterGroupName to it.',
        severity: "high",
        tags,
    },
    (ctx) => {
        const groups = ctx.resources.filter((r) => r.type === A.RdsParameterGroup);
        for (const instance of ctx.resources.filter((r) => r.type === A.RdsInstance)) {
            const ref = known(() => instance.props.parameterGroupName);
            if (ref === UNKNOWN) continue;
            if (ref === undefined) {
                ctx.report(instance, `RDS instance ${instance.name} uses the default parameter group, which does not force SSL.`);
                continue;
            }
            // The instance refers to the group here, so the join runs from the instance's side.
            const linked = groups.map((g) => ({ g, j: dependentsOf(g, [instance], "parameterGroupName", ["name"]) }));
            const attached = linked.filter((l) => l.j.matches.length > 0).map((l) => l.g);
            if (attached.length === 0) {
                if (linked.some((l) => l.j.undetermined)) continue;
                ctx.report(
                    instance,
                    `RDS instance ${instance.name} uses parameter group ${ref}, which is not managed by this stack and cannot be shown to force SSL.`,
                );
                continue;
            }
            const verdicts = attached.map((g) => known(() => forcesSsl(g.props)));
            if (!verdicts.includes(UNKNOWN) && !verdicts.includes(true)) {
                ctx.report(
                    instance,
                    `parameter group ${attached[0].name} of RDS instance ${instance.name} does not set rds.force_ssl = 1.`,
                );
            }
        }
    },
);

export const rdsRules = [rdsEncryptedCmk, rdsNotPublic, rdsBackupRetention, rdsMultiAz, rdsDeletionSafety, rdsForceSsl];
