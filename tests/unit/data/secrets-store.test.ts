import * as assert from "assert";
import { SecretRef, SecretsBackend } from "../../../components/contracts";
import { keyedByName } from "../../../components/secrets/deploy";

function backendStoring(keysOf: (values: Record<string, unknown>) => string[]): SecretsBackend & { calls: Record<string, unknown>[] } {
    const calls: Record<string, unknown>[] = [];
    return {
        backend: "vault",
        calls,
        store: (name, values) => {
            calls.push(values);
            return keysOf(values).map((key): SecretRef => ({ secretName: name, key }));
        },
        external: (name) => ({ secretName: name, key: "value" }),
        forWorkload: () => ({ env: [], podAnnotations: {}, dependsOn: [] }),
        kubernetesSecret: (name) => ({ ref: { secretName: name, key: "value" }, dependsOn: [], annotations: {} }),
    };
}

describe("secrets layer: store() answers by secret key", () => {
    it("returns each key's reference, whatever order the backend lists them in", () => {
        const layer = keyedByName(backendStoring((v) => Object.keys(v).reverse()));
        const refs = layer.store("db-admin", { host: "h", password: "p", url: "u" });
        assert.deepStrictEqual(refs.password, { secretName: "db-admin", key: "password" });
        assert.deepStrictEqual(Object.keys(refs).sort(), ["host", "password", "url"]);
    });
    it("stores no undefined value and gives its key no reference", () => {
        const backend = backendStoring((v) => Object.keys(v));
        const refs = keyedByName(backend).store("redis-auth", { password: "p", "sentinel-auth.conf": undefined });
        assert.deepStrictEqual(backend.calls, [{ password: "p" }]);
        assert.strictEqual(refs["sentinel-auth.conf"], undefined);
    });
    it("fails naming the keys a backend did not store", () => {
        const layer = keyedByName(backendStoring(() => ["host"]));
        assert.throws(() => layer.store("db-admin", { host: "h", password: "p" }), /did not store password of db-admin/);
    });
});
