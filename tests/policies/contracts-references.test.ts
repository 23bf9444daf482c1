import * as assert from "assert";
import { EXTERNAL_REFS_ANNOTATION } from "../../policies/lib/contracts";
import { K } from "../../policies/lib/kubernetes/types";
import { recorded } from "./support/recorded";
import { contractStack, findings, named } from "./support/contracts-fixtures";

const podSpec = (s: ReturnType<typeof contractStack>) => named(s, "deploy").spec.template.spec;

describe("contract: references resolve", () => {
    it("passes on a stack whose every reference exists or is produced (ExternalSecret target)", () => {
        assert.deepStrictEqual(findings(contractStack(), "references"), []);
    });

    it("flags a secretKeyRef to a Secret nothing creates, naming the consumer, the path and the fix", () => {
        const s = contractStack();
        podSpec(s).containers[0].env[0].valueFrom.secretKeyRef.name = "missing";
        const f = findings(s, "references");
        assert.strictEqual(f.length, 1);
        assert.match(f[0], /Deployment app\/api \(container api env DB_PASSWORD\) refers to Secret app\/missing/);
        assert.match(f[0], new RegExp(`${EXTERNAL_REFS_ANNOTATION}: "Secret/missing"`));
    });

    it("accepts the same reference once the consumer declares it external", () => {
        const s = contractStack();
        podSpec(s).containers[0].env[0].valueFrom.secretKeyRef.name = "missing";
        named(s, "deploy").metadata.annotations = { [EXTERNAL_REFS_ANNOTATION]: "Secret/missing" };
        assert.deepStrictEqual(findings(s, "references"), []);
    });

    it("counts the claims a StatefulSet's controller creates per replica, and only those", () => {
        const s = contractStack();
        const labels = { app: "db" };
        s.push(
            recorded(K.StatefulSet, "db", {
                metadata: { name: "db", namespace: "app" },
                spec: {
                    replicas: 2,
                    selector: { matchLabels: labels },
                    template: { metadata: { labels }, spec: { containers: [{ name: "db", image: "db:1" }] } },
                    volumeClaimTemplates: [{ metadata: { name: "data" } }],
                },
            }),
        );
        const spec = podSpec(s);
        spec.volumes = [...(spec.volumes ?? []), { name: "replica", persistentVolumeClaim: { claimName: "data-db-1" } }];
        assert.deepStrictEqual(findings(s, "references"), []);
        spec.volumes[spec.volumes.length - 1].persistentVolumeClaim.claimName = "data-db-2";
        assert.match(findings(s, "references").join("\n"), /refers to PersistentVolumeClaim app\/data-db-2/);
    });

    it("flags an envFrom ConfigMap that does not exist", () => {
        const s = contractStack();
        podSpec(s).containers[0].envFrom[0].configMapRef.name = "other";
        assert.match(findings(s, "references").join("\n"), /refers to ConfigMap app\/other/);
    });

    it("flags a serviceAccountName with no ServiceAccount", () => {
        const s = contractStack();
        podSpec(s).serviceAccountName = "ghost";
        assert.match(findings(s, "references").join("\n"), /refers to ServiceAccount app\/ghost/);
    });

    it("flags a PVC volume nothing creates, but not a StatefulSet volumeClaimTemplate", () => {
        const s = contractStack();
        podSpec(s).volumes = [{ name: "data", persistentVolumeClaim: { claimName: "data" } }];
        assert.match(findings(s, "references").join("\n"), /refers to PersistentVolumeClaim app\/data/);
        const sts = recorded(K.StatefulSet, "sts", {
            metadata: { name: "db", namespace: "app" },
            spec: {
                volumeClaimTemplates: [{ metadata: { name: "data" } }],
                template: {
                    metadata: { labels: { db: "x" } },
                    spec: {
                        containers: [{ name: "db", volumeMounts: [{ name: "data", mountPath: "/d" }] }],
                        volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }],
                    },
                },
            },
        });
        assert.deepStrictEqual(findings([...contractStack(), sts], "references"), []);
    });

    it("flags an ExternalSecret whose SecretStore does not exist", () => {
        const s = contractStack();
        named(s, "es").spec.secretStoreRef.name = "vault";
        assert.match(findings(s, "references").join("\n"), /ExternalSecret app\/api-env uses SecretStore vault/);
    });

    it("flags an AlertmanagerConfig receiver key selector to a missing Secret", () => {
        const s = contractStack();
        s.push(
            recorded(K.AlertmanagerConfig, "amc", {
                metadata: { name: "routing", namespace: "app" },
                spec: { receivers: [{ name: "slack", slackConfigs: [{ apiURL: { name: "slack-webhook", key: "url" } }] }] },
            }),
        );
        assert.match(
            findings(s, "references").join("\n"),
            /AlertmanagerConfig app\/routing \(receivers.slackConfigs.apiURL\) refers to Secret app\/slack-webhook/,
        );
    });

    it("treats a Zalando cluster's credentials Secret as produced, and a Gateway certificateRef as produced only with a cert-manager issuer", () => {
        const s = contractStack();
        s.push(recorded(K.Postgresql, "pg", { metadata: { name: "db", namespace: "app" }, spec: { users: { app_user: [] } } }));
        podSpec(s).containers[0].env.push({
            name: "PGPASSWORD",
            valueFrom: { secretKeyRef: { name: "app-user.db.credentials.postgresql.acid.zalan.do", key: "password" } },
        });
        const gw = recorded(K.Gateway, "gw", {
            metadata: { name: "edge", namespace: "app", annotations: { "cert-manager.io/cluster-issuer": "le" } },
            spec: { listeners: [{ name: "https", tls: { certificateRefs: [{ name: "edge-tls" }] } }] },
        });
        s.push(gw);
        assert.deepStrictEqual(findings(s, "references"), []);
        delete gw.inputs.metadata.annotations;
        assert.match(
            findings(s, "references").join("\n"),
            /Gateway app\/edge \(listener https certificateRef\) refers to Secret app\/edge-tls/,
        );
    });
});
