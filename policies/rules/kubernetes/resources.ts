import { podRule } from "../../lib/kubernetes/pod-rule";
import { containerLabel, containersOf } from "../../lib/kubernetes/pod-spec";

interface ResourcesConfig {
    requireCpuLimit: boolean;
}

export const containerResources = podRule<ResourcesConfig>(
    {
        name: "k8s-container-resources",
        description: "Every container, init containers included, must declare CPU and memory requests and limits.",
        remediationSteps:
            "Set resources.requests.cpu, resources.requests.memory, resources.limits.memory (and limits.cpu unless this rule's requireCpuLimit is false).",
        severity: "medium",
        configSchema: { properties: { requireCpuLimit: { type: "boolean", default: true } } },
    },
    (ctx, pod) => {
        const required = ["requests.cpu", "requests.memory", "limits.memory", ...(ctx.config.requireCpuLimit ? ["limits.cpu"] : [])];
        for (const ref of containersOf(pod.spec)) {
            const missing = required.filter((path) => {
                const [kind, resource] = path.split(".");
                return ref.container.resources?.[kind]?.[resource] === undefined;
            });
            if (missing.length > 0) ctx.report(`${containerLabel(ref)} has no resources.${missing.join(", resources.")}.`);
        }
    },
);

export const probes = podRule(
    {
        name: "k8s-container-probes",
        description: "Containers of long-running workloads must have liveness and readiness probes (Jobs and CronJobs are exempt).",
        remediationSteps:
            "Add livenessProbe and readinessProbe (httpGet on the health endpoint, or tcpSocket/exec) to every regular container.",
        severity: "medium",
    },
    (ctx, pod) => {
        if (!pod.longRunning) return;
        for (const ref of containersOf(pod.spec)) {
            if (ref.list !== "containers") continue;
            for (const probe of ["livenessProbe", "readinessProbe"]) {
                if (!ref.container[probe]) ctx.report(`${containerLabel(ref)} has no ${probe}.`);
            }
        }
    },
);

export const resourceRules = [containerResources, probes];
