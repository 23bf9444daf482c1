import { PolicyPack } from "@pulumi/policy";
import { allRules } from "./rules";

// Advisory unless the stack's policy config (policies/config/<stack>.json, passed by CI as
// --policy-pack-config) raises it: staging and prod set "all": "mandatory".
new PolicyPack("prod-stack", { policies: allRules, enforcementLevel: "advisory" });
