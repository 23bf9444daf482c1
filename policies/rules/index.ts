import type { Policies } from "@pulumi/policy";
import { cloudfrontRules } from "./aws/cloudfront";
import { ecrRules } from "./aws/ecr";
import { elasticacheRules } from "./aws/elasticache";
import { kmsRules } from "./aws/kms";
import { rdsRules } from "./aws/rds";
import { s3Rules } from "./aws/s3";
import { secretsManagerRules } from "./aws/secrets-manager";
import { securityGroupRules } from "./aws/security-groups";
import { availabilityRules } from "./kubernetes/availability";
import { disruptionRules } from "./kubernetes/disruption";
import { edgeDataPlaneRules } from "./kubernetes/edge/data-plane";
import { edgeHttpRules } from "./kubernetes/edge/http";
import { ingressNginxRules } from "./kubernetes/edge/ingress-nginx";
import { edgeTlsRules } from "./kubernetes/edge/tls";
import { edgeTrafficRules } from "./kubernetes/edge/traffic";
import { imageRules } from "./kubernetes/images";
import { namespaceRules } from "./kubernetes/namespace";
import { namespaceHygieneRules } from "./kubernetes/namespace-hygiene";
import { networkRules } from "./kubernetes/network";
import { podSecurityRules } from "./kubernetes/pod-security";
import { podSecurityStandardRules } from "./kubernetes/pod-security-standard";
import { rbacRules } from "./kubernetes/rbac";
import { resourceRules } from "./kubernetes/resources";
import { secretRules } from "./kubernetes/secrets";
import { serviceAccountRules } from "./kubernetes/service-account";
import { supplyChainRules } from "./kubernetes/supply-chain";
import { databaseBackupJob } from "./stack/backups";
import { controllerContractRules } from "./stack/controller-contracts";
import { contractRules } from "./stack/contracts";
import { exemptionValidity } from "./stack/exemptions";
import { alertReceiver, appMonitoring } from "./stack/monitoring";
import { randomPasswordStrength } from "./stack/passwords";
import { statefulProtected } from "./stack/protection";

const rules: Policies = [
    ...podSecurityRules,
    ...podSecurityStandardRules,
    ...resourceRules,
    ...imageRules,
    ...supplyChainRules,
    ...secretRules,
    ...serviceAccountRules,
    ...namespaceRules,
    ...namespaceHygieneRules,
    ...availabilityRules,
    ...disruptionRules,
    ...networkRules,
    ...edgeTlsRules,
    ...edgeHttpRules,
    ...edgeTrafficRules,
    ...edgeDataPlaneRules,
    ...ingressNginxRules,
    ...rbacRules,
    ...rdsRules,
    ...elasticacheRules,
    ...s3Rules,
    ...kmsRules,
    ...secretsManagerRules,
    ...securityGroupRules,
    ...ecrRules,
    ...cloudfrontRules,
    randomPasswordStrength,
    statefulProtected,
    databaseBackupJob,
    appMonitoring,
    alertReceiver,
    ...controllerContractRules,
    ...contractRules,
];

/** Every policy of the pack, in report order. The only list index.ts and the in-process checker use. */
export const allRules: Policies = [...rules, exemptionValidity(rules.map((r) => r.name))];
