import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config";

/**
 * Provider arguments from `config.kubernetes`: a kubeconfig context on a real cluster, or `renderYamlToDirectory`
 * (manifests written to disk, no cluster needed). Server-side apply is on so that fields managed by controllers
 * (HPA replicas) are not fought over.
 */
export function providerArgs(config: StackConfig): k8s.ProviderArgs {
    const k = config.kubernetes;
    if (k.mode === "render") return { renderYamlToDirectory: k.renderDir, enableServerSideApply: true };
    return {
        context: k.context,
        kubeconfig: k.kubeconfigPath,
        enableServerSideApply: true,
    };
}

export function createK8sProvider(name: string, config: StackConfig, opts?: pulumi.CustomResourceOptions): k8s.Provider {
    return new k8s.Provider(name, providerArgs(config), opts);
}
