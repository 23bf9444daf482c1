export { ConfigError, ConfigIssue, renderIssue } from "./issues";
export { CONFIG_NAMESPACE, loadStackConfig, parseStackConfig, rawConfigFromPulumi } from "./load";
export { Environment, EnvironmentPreset, PRESETS } from "./presets";
export { StackConfig } from "./schema/stack";
export { ServiceConfig } from "./schema/service";
export { EdgeConfig } from "./schema/edge";
export { maxReplicasOf, minReplicasOf } from "./cross-checks";
export { effectiveMaxConnections } from "./sizing";
export { parseImage } from "./schema/image";
