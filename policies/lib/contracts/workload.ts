/** One pod shape of the stack model (a declared workload, or pods an operator or chart creates). */
import type { PolicyResource } from "@pulumi/policy";

export interface ModelWorkload {
    resource: PolicyResource;
    /** "declared" for a workload of the stack, "operator"/"chart" for pods something in the stack creates. */
    origin: "declared" | "operator" | "chart";
    kind: string;
    namespace: string;
    name: string | undefined;
    podLabels: Record<string, string>;
    annotations: Record<string, string>;
    serviceAccount: string | undefined;
    ports: number[];
    namedPorts: Record<string, number>;
    /** The pod spec of a declared workload. */
    podSpec?: Record<string, any>;
}
