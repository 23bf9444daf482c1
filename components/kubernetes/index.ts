export { createK8sProvider, providerArgs } from "./provider";
export { appSelector, commonLabelsFor, commonTagsFor, trackSelector } from "./labels";
export { childOpts, clusterMeta, namespacedMeta } from "./metadata";
export { DEFAULT_RUN_AS_USER, podSecurityLabels, restrictedContainerSecurityContext, restrictedPodSecurityContext, writableScratch } from "./security";
export { httpProbe, serviceProbes } from "./probes";
export { networkPolicyPeers, NetworkPolicyRule, PRIVATE_RANGES, ruleFor, tcpPorts } from "./network-policy";
