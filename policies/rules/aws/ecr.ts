import { A } from "../../lib/aws/types";
import { ofType } from "../../lib/kubernetes/types";
import { resourceRule } from "../../lib/rule";

const tags = ["aws", "ecr"];

export const ecrImmutableTags = resourceRule(
    {
        name: "ecr-immutable-tags",
        description: "ECR repositories must make image tags immutable.",
        remediationSteps: 'Set imageTagMutability: "IMMUTABLE".',
        severity: "medium",
        tags,
    },
    ofType(A.EcrRepository),
    (ctx) => {
        if (ctx.props.imageTagMutability !== "IMMUTABLE")
            ctx.report(`imageTagMutability is ${ctx.props.imageTagMutability ?? "MUTABLE (default)"}.`);
    },
);

export const ecrScanOnPush = resourceRule(
    {
        name: "ecr-scan-on-push",
        description: "ECR repositories must scan images on push.",
        remediationSteps: "Set imageScanningConfiguration: { scanOnPush: true }.",
        severity: "medium",
        tags,
    },
    ofType(A.EcrRepository),
    (ctx) => {
        if (ctx.props.imageScanningConfiguration?.scanOnPush !== true) ctx.report("imageScanningConfiguration.scanOnPush is not true.");
    },
);

export const ecrRules = [ecrImmutableTags, ecrScanOnPush];
