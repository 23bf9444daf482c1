import * as aws from "@pulumi/aws";
import { StackConfig } from "../config";
import { StackContext } from "../contracts";
import { commonLabelsFor, commonTagsFor, createK8sProvider } from "../kubernetes";
import { AppNamespace } from "./namespace";
import { createPriorityClass } from "./priority-class";

/**
 * The platform layer: providers (Kubernetes; AWS with region and default tags on the aws target), the app namespace
 * with its guard rails, and the StackContext every other layer builds on.
 */
export function deployPlatform(config: StackConfig): StackContext {
    const commonLabels = commonLabelsFor(config);
    const commonTags = commonTagsFor(config);
    const k8sProvider = createK8sProvider(`${config.appName}-k8s`, config);
    const awsProvider =
        config.target === "aws"
            ? new aws.Provider(`${config.appName}-aws`, { region: config.aws.region as aws.Region, defaultTags: { tags: commonTags } })
            : undefined;
    const ns = new AppNamespace(config.namespace, { config, commonLabels, provider: k8sProvider });
    const priorityClassName = createPriorityClass(config, commonLabels, k8sProvider);
    return { config, k8sProvider, awsProvider, namespace: ns.name, commonLabels, commonTags, priorityClassName };
}
