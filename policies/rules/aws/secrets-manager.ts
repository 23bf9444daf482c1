import { A } from "../../lib/aws/types";
import { ofType } from "../../lib/kubernetes/types";
import { isSet } from "../../lib/preview";
import { resourceRule } from "../../lib/rule";

export const secretCmk = resourceRule(
    {
        name: "secretsmanager-cmk",
        description: "Secrets Manager secrets must be encrypted with a customer-managed KMS key (kmsKeyId).",
        remediationSteps: "Set kmsKeyId to the stack's KMS key so access can be restricted and audited by key policy.",
        severity: "medium",
        tags: ["aws", "secrets-manager"],
    },
    ofType(A.Secret),
    (ctx) => {
        if (!isSet(() => ctx.props.kmsKeyId)) ctx.report("kmsKeyId is not set, so the AWS-managed key aws/secretsmanager is used.");
    },
);

export const secretsManagerRules = [secretCmk];
