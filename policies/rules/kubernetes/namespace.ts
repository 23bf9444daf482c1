import { isNamespacedObject } from "../../lib/kubernetes/types";
import { resourceRule } from "../../lib/rule";

export const noDefaultNamespace = resourceRule(
    {
        name: "k8s-no-default-namespace",
        description: "Namespaced objects must name a namespace other than `default`.",
        remediationSteps: "Set metadata.namespace to the application's namespace (created by the program).",
        severity: "medium",
        tags: ["kubernetes"],
    },
    isNamespacedObject,
    (ctx) => {
        const ns = ctx.props.metadata?.namespace;
        if (ns === undefined || ns === "") ctx.report("metadata.namespace is missing, so the object lands in `default`.");
        else if (ns === "default") ctx.report("object is placed in the `default` namespace.");
    },
);

export const namespaceRules = [noDefaultNamespace];
