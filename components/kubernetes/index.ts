export { createK8sProvider, providerArgs } from "./provider";
export { appSelector, commonLabelsFor, commonTagsFor, trackSelector } from "./labels";
export { childOpts, clusterMeta, namespacedMeta } from "./metadata";
export {
    DEFAULT_RUN_AS_USER,
    podSecurityLabels,
    restrictedContainerSecurityContext,
    restrictedPodSecurityContext,
    writableScratch,
} from "./security";
export { httpProbe, serviceProbes, tcpProbe } from "./probes";
export {
    DNS_EGRESS,
    KUBE_DNS_PEER,
    networkPolicyPeers,
    NetworkPolicyRule,
    PRIVATE_RANGES,
    ruleFor,
    tcpPorts,
    VPC_PRIVATE_RANGES,
} from "./network-policy";
export { DEFAULT_EPHEMERAL_STORAGE, hardenedContainer } from "./container";
export { fitName, isDns1123Label, isDns1123Subdomain, isLabelKey, isLabelValue, MAX_LABEL_VALUE } from "./names";
