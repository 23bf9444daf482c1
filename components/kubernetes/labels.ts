import { StackConfig } from "../config";
import { APP_PODS, LABELS } from "../peers";
import { isLabelKey, isLabelValue } from "./names";

/** Labels on every Kubernetes object of the stack (config `tags` are added as labels too). */
export function commonLabelsFor(config: StackConfig): Record<string, string> {
    const fromTags = Object.fromEntries(Object.entries(config.tags).filter(([k, v]) => isLabelKey(k) && isLabelValue(v)));
    return {
        ...fromTags,
        [LABELS.partOf]: config.appName,
        [LABELS.managedBy]: "pulumi",
        [LABELS.environment]: config.environment,
    };
}

/** Tags on every AWS resource. */
export function commonTagsFor(config: StackConfig): Record<string, string> {
    return { ...config.tags, Application: config.appName, Environment: config.environment, ManagedBy: "pulumi" };
}

/** Pod labels selecting one app service (all tracks). */
export function appSelector(service: string): Record<string, string> {
    return { [LABELS.name]: service, ...APP_PODS };
}

/** Pod labels selecting one track (stable, canary, blue, green) of an app service. */
export function trackSelector(service: string, track: string): Record<string, string> {
    return { ...appSelector(service), [LABELS.track]: track };
}
