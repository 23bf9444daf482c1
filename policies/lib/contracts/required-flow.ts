/** One flow the stack needs (contract 3), and how a model pod and its ports appear to the NetworkPolicy evaluator. */
import type { PodRef } from "../network/evaluator";
import type { ModelWorkload } from "./model";

/** A destination outside the pod network: stand-in addresses of where it may live (VPC, internet); one must be allowed. */
export interface AddressRef {
    ips: string[];
    name: string;
}

export interface RequiredFlow {
    from: ModelWorkload;
    to: PodRef | AddressRef;
    port: number;
    protocol: "TCP" | "UDP";
    why: string;
}

export function podRef(w: ModelWorkload): PodRef {
    return { namespace: w.namespace, labels: w.podLabels, namedPorts: w.namedPorts, name: `${w.kind} ${w.namespace}/${w.name ?? "?"}` };
}

/** A Service or monitor port (number, numeric string or container-port name) as the pod's port number. */
export function resolvePort(port: unknown, w: ModelWorkload): number | undefined {
    if (typeof port === "number") return port;
    if (typeof port === "string") return /^\d+$/.test(port) ? Number(port) : w.namedPorts[port];
    return undefined;
}
