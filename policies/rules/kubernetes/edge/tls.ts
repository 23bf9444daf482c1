import { annotationsOf } from "../../../lib/kubernetes/objects";
import { attachedListeners, CERT_MANAGER_ANNOTATIONS, gatewaysOf, hostnameMatches, routesOf } from "../../../lib/kubernetes/gateway";
import { K, ofType } from "../../../lib/kubernetes/types";
import { resourceRule, stackRule } from "../../../lib/rule";

const tags = ["kubernetes", "edge"];
const TLS_PROTOCOLS = ["HTTPS", "TLS"];

function hasIssuer(props: Record<string, any>): boolean {
    const a = annotationsOf(props);
    return CERT_MANAGER_ANNOTATIONS.some((k) => typeof a[k] === "string" && a[k] !== "");
}

export const certManagerTls = resourceRule(
    {
        name: "edge-tls-cert-manager",
        description:
            "Every HTTPS/TLS Gateway listener and every Ingress must terminate TLS with a cert-manager certificate (cert-manager.io/cluster-issuer or cert-manager.io/issuer annotation, certificateRefs / spec.tls present).",
        remediationSteps:
            "Annotate the Gateway (or Ingress) with cert-manager.io/issuer: <the stack's namespaced Issuer> (or cert-manager.io/cluster-issuer) and give each HTTPS listener tls.certificateRefs (Ingress: spec.tls with hosts and secretName).",
        severity: "high",
        tags,
    },
    ofType(K.Gateway, K.Ingress),
    (ctx) => {
        if (ctx.type === K.Ingress) {
            const tls: any[] = ctx.props.spec?.tls ?? [];
            if (tls.length === 0) ctx.report("Ingress has no spec.tls: it serves plain HTTP.");
            else if (!hasIssuer(ctx.props)) ctx.report("Ingress TLS is not issued by cert-manager (no issuer annotation).");
            const tlsHosts = tls.flatMap((t) => t.hosts ?? []);
            for (const rule of ctx.props.spec?.rules ?? []) {
                if (rule.host && tls.length > 0 && !tlsHosts.some((h: string) => hostnameMatches(h, rule.host))) {
                    ctx.report(`host ${rule.host} is not listed in spec.tls.`);
                }
            }
            return;
        }
        const secured = (ctx.props.spec?.listeners ?? []).filter((l: any) => TLS_PROTOCOLS.includes(l.protocol));
        if (secured.length > 0 && !hasIssuer(ctx.props)) ctx.report("Gateway has TLS listeners but no cert-manager issuer annotation.");
        for (const l of secured) {
            if ((l.tls?.certificateRefs ?? []).length === 0) ctx.report(`listener ${l.name} has no tls.certificateRefs.`);
        }
    },
);

export const publicHostTls = stackRule(
    {
        name: "edge-public-host-tls",
        description: "Every HTTPRoute hostname must be covered by an HTTPS listener with a certificate on a Gateway the route attaches to.",
        remediationSteps:
            "Add an HTTPS listener (hostname matching the route's, tls.certificateRefs set) to the parent Gateway and attach the route to it.",
        severity: "high",
        tags,
    },
    (ctx) => {
        const { gateways, anyUnknown } = gatewaysOf(ctx.resources);
        if (anyUnknown) return;
        for (const route of routesOf(ctx.resources).routes) {
            // Any HTTPS listener of a parent Gateway counts: the redirect route lives on the http listener, but
            // the host it serves is still covered once the same Gateway terminates TLS for it.
            const https = gateways
                .filter((g) => attachedListeners(route, g).length > 0)
                .flatMap((g) => g.listeners)
                .filter((l) => l.protocol === "HTTPS" && l.certificateRefs.length > 0);
            for (const host of route.hostnames) {
                if (!https.some((l) => hostnameMatches(l.hostname, host))) {
                    ctx.report(
                        route.resource,
                        `host ${host} of HTTPRoute ${route.namespace}/${route.name} is not covered by an HTTPS listener with a certificate.`,
                    );
                }
            }
        }
    },
);

export const edgeTlsRules = [certManagerTls, publicHostTls];
