/**
 * Contract 1: every Secret, ConfigMap, PVC and ServiceAccount something refers to exists in the stack, is produced by
 * something in the stack, or is declared external on the consumer with EXTERNAL_REFS_ANNOTATION.
 */
import { annotationsOf } from "../kubernetes/objects";
import type { Finding } from "./finding";
import { Obj, objectsOfKind, StackModel } from "./model";

/** On a consumer (object or pod template): `Kind/name` entries it may refer to without the stack creating them. */
export const EXTERNAL_REFS_ANNOTATION = "prod-stack.io/external-refs";

type RefKind = "Secret" | "ConfigMap" | "PersistentVolumeClaim" | "ServiceAccount";
interface Ref {
    kind: RefKind;
    namespace: string;
    name: string;
    via: string;
}

const key = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

/** What exists or will: declared objects plus what controllers produce from declared objects. */
export function providedNames(model: StackModel): Set<string> {
    const out = new Set<string>();
    for (const o of model.objects) {
        if (["Secret", "ConfigMap", "PersistentVolumeClaim", "ServiceAccount"].includes(o.kind)) out.add(key(o.kind, o.namespace, o.name));
        if (o.kind === "ExternalSecret") out.add(key("Secret", o.namespace, o.props.spec?.target?.name ?? o.name));
        if (o.kind === "StatefulSet") {
            // The StatefulSet controller creates `<template>-<statefulset>-<ordinal>` for each replica; other pods (e.g. a
            // backup Job pinned beside a replica) may mount those claims by name.
            const replicas = typeof o.props.spec?.replicas === "number" ? o.props.spec.replicas : 1;
            for (const t of o.props.spec?.volumeClaimTemplates ?? [])
                for (let i = 0; i < replicas; i++)
                    if (t?.metadata?.name) out.add(key("PersistentVolumeClaim", o.namespace, `${t.metadata.name}-${o.name}-${i}`));
        }
        if (o.kind === "Certificate" && o.props.spec?.secretName) out.add(key("Secret", o.namespace, o.props.spec.secretName));
        if (o.kind === "postgresql") {
            // Zalando operator: one credentials Secret per role, `<user>.<cluster>.credentials.postgresql.acid.zalan.do`.
            for (const user of ["postgres", "standby", ...Object.keys(o.props.spec?.users ?? {})])
                out.add(key("Secret", o.namespace, `${user.replace(/_/g, "-")}.${o.name}.credentials.postgresql.acid.zalan.do`));
        }
        if (
            o.kind === "Gateway" &&
            (annotationsOf(o.props)["cert-manager.io/cluster-issuer"] || annotationsOf(o.props)["cert-manager.io/issuer"])
        ) {
            // cert-manager's gateway-shim issues a Certificate for each listener's certificateRef.
            for (const l of o.props.spec?.listeners ?? [])
                for (const c of l.tls?.certificateRefs ?? []) out.add(key("Secret", c.namespace ?? o.namespace, c.name));
        }
    }
    return out;
}

function podRefs(spec: Record<string, any>, namespace: string): Ref[] {
    const refs: Ref[] = [];
    const add = (kind: RefKind, name: unknown, via: string, optional?: boolean) => {
        if (typeof name === "string" && name && !optional) refs.push({ kind, namespace, name, via });
    };
    if (spec.serviceAccountName && spec.serviceAccountName !== "default")
        add("ServiceAccount", spec.serviceAccountName, "serviceAccountName");
    for (const s of spec.imagePullSecrets ?? []) add("Secret", s.name, "imagePullSecrets");
    for (const v of spec.volumes ?? []) {
        add("Secret", v.secret?.secretName, `volume ${v.name}`, v.secret?.optional);
        add("ConfigMap", v.configMap?.name, `volume ${v.name}`, v.configMap?.optional);
        add("PersistentVolumeClaim", v.persistentVolumeClaim?.claimName, `volume ${v.name}`);
        for (const s of v.projected?.sources ?? []) {
            add("Secret", s.secret?.name, `volume ${v.name}`, s.secret?.optional);
            add("ConfigMap", s.configMap?.name, `volume ${v.name}`, s.configMap?.optional);
        }
    }
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
        for (const e of c.env ?? []) {
            add("Secret", e.valueFrom?.secretKeyRef?.name, `container ${c.name} env ${e.name}`, e.valueFrom?.secretKeyRef?.optional);
            add(
                "ConfigMap",
                e.valueFrom?.configMapKeyRef?.name,
                `container ${c.name} env ${e.name}`,
                e.valueFrom?.configMapKeyRef?.optional,
            );
        }
        for (const e of c.envFrom ?? []) {
            add("Secret", e.secretRef?.name, `container ${c.name} envFrom`, e.secretRef?.optional);
            add("ConfigMap", e.configMapRef?.name, `container ${c.name} envFrom`, e.configMapRef?.optional);
        }
    }
    return refs;
}

/** Every `{ name, key }` secret key selector anywhere under a value (AlertmanagerConfig receivers, SecretStore auth). */
function keySelectors(value: unknown, namespace: string, via: string, out: Ref[] = []): Ref[] {
    if (Array.isArray(value)) value.forEach((v) => keySelectors(v, namespace, via, out));
    else if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (typeof o.name === "string" && typeof o.key === "string")
            out.push({ kind: "Secret", namespace: (o.namespace as string) ?? namespace, name: o.name, via });
        else for (const [k, v] of Object.entries(o)) keySelectors(v, namespace, `${via}.${k}`, out);
    }
    return out;
}

function objectRefs(o: Obj): Ref[] {
    switch (o.kind) {
        case "AlertmanagerConfig":
            return keySelectors(o.props.spec?.receivers, o.namespace, "receivers");
        case "SecretStore": {
            const refs = keySelectors(o.props.spec?.provider, o.namespace, "provider");
            const sa = JSON.stringify(o.props.spec?.provider ?? {}).match(/"serviceAccountRef":\{"name":"([^"]+)"/);
            if (sa) refs.push({ kind: "ServiceAccount", namespace: o.namespace, name: sa[1], via: "serviceAccountRef" });
            return refs;
        }
        case "Gateway":
            return (o.props.spec?.listeners ?? []).flatMap((l: any) =>
                (l.tls?.certificateRefs ?? [])
                    .filter((c: any) => (c.kind ?? "Secret") === "Secret")
                    .map((c: any) => ({
                        kind: "Secret",
                        namespace: c.namespace ?? o.namespace,
                        name: c.name,
                        via: `listener ${l.name} certificateRef`,
                    })),
            );
        default:
            return [];
    }
}

function externalOf(...annotationSets: Record<string, string>[]): Set<string> {
    return new Set(
        annotationSets.flatMap((a) =>
            (a[EXTERNAL_REFS_ANNOTATION] ?? "")
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean),
        ),
    );
}

export function checkReferences(model: StackModel): Finding[] {
    if (!model.complete) return [];
    const provided = providedNames(model);
    const findings: Finding[] = [];
    const judge = (o: Obj, refs: Ref[], external: Set<string>) => {
        for (const r of refs) {
            if (provided.has(key(r.kind, r.namespace, r.name)) || external.has(`${r.kind}/${r.name}`)) continue;
            findings.push({
                contract: "references",
                resource: o.resource,
                message: `${o.kind} ${o.namespace}/${o.name} (${r.via}) refers to ${r.kind} ${r.namespace}/${r.name}, which nothing in the stack creates. Create it in the stack, or, if it is provided outside the stack, list it on the consumer as ${EXTERNAL_REFS_ANNOTATION}: "${r.kind}/${r.name}".`,
            });
        }
    };
    const byResource = new Map(model.objects.map((o) => [o.resource, o]));
    for (const w of model.workloads) {
        if (w.origin !== "declared" || !w.podSpec) continue;
        const o = byResource.get(w.resource)!;
        const claimTemplates = new Set((o.props.spec?.volumeClaimTemplates ?? []).map((t: any) => t.metadata?.name));
        const refs = podRefs(w.podSpec, w.namespace).filter((r) => !(r.kind === "PersistentVolumeClaim" && claimTemplates.has(r.name)));
        judge(o, refs, externalOf(annotationsOf(o.props), w.annotations));
    }
    for (const o of objectsOfKind(model, "AlertmanagerConfig", "SecretStore", "Gateway"))
        judge(o, objectRefs(o), externalOf(annotationsOf(o.props)));
    for (const o of objectsOfKind(model, "ExternalSecret")) {
        const ref = o.props.spec?.secretStoreRef;
        if (!ref?.name) continue;
        const kind = ref.kind ?? "SecretStore";
        const found = model.objects.some(
            (s) => s.kind === kind && s.name === ref.name && (kind === "ClusterSecretStore" || s.namespace === o.namespace),
        );
        if (!found)
            findings.push({
                contract: "references",
                resource: o.resource,
                message: `ExternalSecret ${o.namespace}/${o.name} uses ${kind} ${ref.name}, which the stack does not create. Add the store (secrets backend) or point secretStoreRef at an existing one.`,
            });
    }
    return findings;
}
