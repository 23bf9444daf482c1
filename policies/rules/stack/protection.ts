import { A, S3 } from "../../lib/aws/types";
import { K } from "../../lib/kubernetes/types";
import { resourceRule } from "../../lib/rule";

/** Resources whose deletion loses data. */
const STATEFUL = [A.RdsInstance, A.ReplicationGroup, A.KmsKey, A.Secret, K.Postgresql, ...S3.bucket];

function isStateful(type: string, props: Record<string, any>): boolean {
    if (STATEFUL.includes(type as never)) return true;
    return type === K.StatefulSet && (props.spec?.volumeClaimTemplates ?? []).length > 0;
}

export const statefulProtected = resourceRule<{ requireProtection: boolean }>(
    {
        name: "stateful-resources-protected",
        description:
            "Stateful resources (RDS, ElastiCache, S3 buckets, KMS keys, Secrets Manager secrets, Postgres clusters, StatefulSets with volume claims) must be created with `protect: true` where requireProtection is set (staging, prod).",
        remediationSteps:
            "Pass { protect: true } in the resource options (the component's preset does this for staging and prod); unprotect explicitly with `pulumi state unprotect` before a planned deletion.",
        severity: "critical",
        tags: ["stack", "data"],
        configSchema: { properties: { requireProtection: { type: "boolean", default: false } } },
    },
    () => true,
    (ctx) => {
        if (!isStateful(ctx.type, ctx.props)) return;
        if (!ctx.config.requireProtection) ctx.args.notApplicable("protection is not required in this environment");
        if (ctx.args.opts.protect !== true) ctx.report("resource is not protected against deletion (opts.protect).");
    },
);
