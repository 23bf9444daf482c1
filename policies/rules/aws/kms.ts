import { A } from "../../lib/aws/types";
import { ofType } from "../../lib/kubernetes/types";
import { resourceRule } from "../../lib/rule";

export const kmsKeyRotation = resourceRule(
    {
        name: "kms-key-rotation",
        description: "Customer-managed symmetric KMS keys must rotate automatically.",
        remediationSteps: "Set enableKeyRotation: true (optionally rotationPeriodInDays).",
        severity: "medium",
        tags: ["aws", "kms"],
    },
    ofType(A.KmsKey),
    (ctx) => {
        // AWS only supports rotation for symmetric encryption keys; asymmetric and HMAC keys cannot comply.
        const spec = ctx.props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        if (spec === "SYMMETRIC_DEFAULT" && ctx.props.enableKeyRotation !== true) ctx.report("enableKeyRotation is not true.");
    },
);

export const kmsRules = [kmsKeyRotation];
