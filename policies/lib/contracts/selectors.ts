/**
 * Contract 2: every selector of the stack selects something (Services, PDBs, NetworkPolicies, monitors select
 * pods; HPAs, HTTPRoutes and ServiceMonitors name objects), and every monitor is picked up by the Prometheus the
 * stack runs.
 */
import { selects } from "../kubernetes/objects";
import type { Finding } from "./finding";
import { ModelWorkload, Obj, objectsOfKind, StackModel } from "./model";

/** A selector no label set satisfies (label keys cannot contain NUL). */
const SELECTS_NOTHING = { matchLabels: { "\u0000": "" } };

function podsIn(model: StackModel, namespaces: (ns: string) => boolean, selector: Record<string, any>): ModelWorkload[] {
    return model.workloads.filter((w) => namespaces(w.namespace) && selects(selector, w.podLabels));
}

/** A monitor's spec.namespaceSelector as a predicate (absent: the monitor's own namespace). */
function monitorNamespaces(o: Obj): (ns: string) => boolean {
    const sel = o.props.spec?.namespaceSelector;
    if (sel?.any) return () => true;
    if (Array.isArray(sel?.matchNames) && sel.matchNames.length > 0) return (ns) => sel.matchNames.includes(ns);
    return (ns) => ns === o.namespace;
}

/** A Service's plain selector map as a label selector; undefined for a Service without selector (endpoints by hand). */
function serviceSelector(o: Obj): Record<string, any> | undefined {
    const s = o.props.spec?.selector;
    return s && Object.keys(s).length > 0 ? { matchLabels: s } : undefined;
}

interface PrometheusSelectors {
    monitors: Record<"ServiceMonitor" | "PodMonitor" | "Probe", { selector: Record<string, any>; namespaces: Record<string, any> }>;
}

/**
 * What the kube-prometheus-stack chart's Prometheus selects. With `<x>SelectorNilUsesHelmValues` true (the chart's
 * default) and no explicit selector, the chart selects monitors labelled `release: <release name>`; with it false an
 * unset selector selects every monitor. Namespace selectors default to `{}` (every namespace).
 */
function prometheusOf(model: StackModel): PrometheusSelectors | undefined {
    const cr = objectsOfKind(model, "Prometheus")[0];
    if (cr) {
        // A Prometheus CR: an unset selector selects nothing, `{}` everything; an unset namespace selector means its own namespace.
        const spec = cr.props.spec ?? {};
        const one = (prefix: string) => ({
            selector: spec[`${prefix}Selector`] ?? SELECTS_NOTHING,
            namespaces: spec[`${prefix}NamespaceSelector`] ?? { matchLabels: { "kubernetes.io/metadata.name": cr.namespace } },
        });
        return { monitors: { ServiceMonitor: one("serviceMonitor"), PodMonitor: one("podMonitor"), Probe: one("probe") } };
    }
    const chart = model.charts.find((c) => c.key === "kube-prometheus-stack");
    if (!chart) return undefined;
    if (chart.props.values?.prometheus?.enabled === false) return undefined;
    const spec = chart.props.values?.prometheus?.prometheusSpec ?? {};
    const release = chart.props.name ?? chart.resource.name;
    const one = (prefix: string) => {
        const explicit = spec[`${prefix}Selector`];
        const nilUsesHelm = spec[`${prefix}SelectorNilUsesHelmValues`] ?? true;
        const selector = explicit && Object.keys(explicit).length > 0 ? explicit : nilUsesHelm ? { matchLabels: { release } } : {};
        return { selector, namespaces: spec[`${prefix}NamespaceSelector`] ?? {} };
    };
    return { monitors: { ServiceMonitor: one("serviceMonitor"), PodMonitor: one("podMonitor"), Probe: one("probe") } };
}

export function checkSelectors(model: StackModel): Finding[] {
    if (!model.complete) return [];
    const findings: Finding[] = [];
    const report = (o: Obj, what: string, fix: string) =>
        findings.push({ contract: "selectors", resource: o.resource, message: `${o.kind} ${o.namespace}/${o.name}: ${what}. ${fix}` });
    const own = (o: Obj) => (ns: string) => ns === o.namespace;
    const services = objectsOfKind(model, "Service");

    for (const o of services) {
        const sel = serviceSelector(o);
        if (sel && podsIn(model, own(o), sel).length === 0)
            report(
                o,
                `selector ${JSON.stringify(sel.matchLabels)} matches no pod of the stack`,
                "Fix the selector or the workload's pod labels.",
            );
    }
    for (const o of objectsOfKind(model, "PodDisruptionBudget")) {
        if (podsIn(model, own(o), o.props.spec?.selector ?? SELECTS_NOTHING).length === 0)
            report(
                o,
                `selector ${JSON.stringify(o.props.spec?.selector)} matches no pod of the stack`,
                "Fix the selector or drop the PDB.",
            );
    }
    for (const o of objectsOfKind(model, "NetworkPolicy")) {
        const sel = o.props.spec?.podSelector ?? {};
        // An empty podSelector governs the whole namespace, including pods created later: nothing to match.
        if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) continue;
        if (podsIn(model, own(o), sel).length === 0)
            report(o, `podSelector ${JSON.stringify(sel)} matches no pod of the stack`, "Fix the podSelector or drop the policy.");
    }
    for (const o of objectsOfKind(model, "HorizontalPodAutoscaler")) {
        const ref = o.props.spec?.scaleTargetRef ?? {};
        if (!model.objects.some((t) => t.kind === ref.kind && t.name === ref.name && t.namespace === o.namespace))
            report(
                o,
                `scaleTargetRef ${ref.kind}/${ref.name} does not exist in the stack`,
                "Point scaleTargetRef at the workload's kind and name.",
            );
    }
    for (const o of objectsOfKind(model, "HTTPRoute")) {
        for (const rule of o.props.spec?.rules ?? [])
            for (const b of rule.backendRefs ?? []) {
                if ((b.kind ?? "Service") !== "Service" || (b.group ?? "") !== "") continue;
                const ns = b.namespace ?? o.namespace;
                const svc = services.find((s) => s.name === b.name && s.namespace === ns);
                if (!svc)
                    report(
                        o,
                        `backendRef Service ${ns}/${b.name} does not exist in the stack`,
                        "Point the backendRef at the app's Service.",
                    );
                else if (b.port !== undefined && !(svc.props.spec?.ports ?? []).some((p: any) => p.port === b.port))
                    report(o, `backendRef ${ns}/${b.name} port ${b.port} is not a port of that Service`, "Use one of the Service's ports.");
            }
    }
    const prometheus = prometheusOf(model);
    for (const o of objectsOfKind(model, "ServiceMonitor", "PodMonitor", "Probe")) {
        if (o.kind === "ServiceMonitor") {
            const matched = services.filter(
                (s) => monitorNamespaces(o)(s.namespace) && selects(o.props.spec?.selector ?? {}, s.props.metadata?.labels ?? {}),
            );
            if (matched.length === 0) report(o, `selector matches no Service of the stack`, "Fix the selector or the Service's labels.");
        } else if (o.kind === "PodMonitor") {
            if (podsIn(model, monitorNamespaces(o), o.props.spec?.selector ?? {}).length === 0)
                report(
                    o,
                    `selector ${JSON.stringify(o.props.spec?.selector)} matches no pod the stack runs`,
                    "Drop the monitor on targets where that workload does not run, or fix its selector.",
                );
        } else {
            const t = o.props.spec?.targets ?? {};
            if ((t.staticConfig?.static ?? []).length === 0 && !t.ingress)
                report(o, "has no targets", "Set spec.targets.staticConfig.static.");
        }
        if (!prometheus) {
            report(
                o,
                "no Prometheus runs in this stack, so nothing scrapes this monitor",
                "Enable monitoring (kube-prometheus-stack) or drop the monitor.",
            );
            continue;
        }
        const sel = prometheus.monitors[o.kind as "ServiceMonitor"];
        const nsLabels = {
            ...(model.objects.find((n) => n.kind === "Namespace" && n.name === o.namespace)?.props.metadata?.labels ?? {}),
            "kubernetes.io/metadata.name": o.namespace,
        };
        if (!selects(sel.selector, o.props.metadata?.labels ?? {}) || !selects(sel.namespaces, nsLabels))
            report(
                o,
                `the stack's Prometheus does not select it (selector ${JSON.stringify(sel.selector)}, namespace selector ${JSON.stringify(sel.namespaces)})`,
                "Label the monitor as the Prometheus selects, or widen the chart's selectors.",
            );
    }
    return findings;
}
