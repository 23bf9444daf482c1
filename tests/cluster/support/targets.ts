/**
 * What the cluster suite sends to the API server: every stack and example, rendered under mocks the way
 * tools/render-manifests.ts renders them (rendered once per process), and the shared control plane with its client.
 */
import { renderedManifests } from "../../../tools/render-manifests";
import { ApiClient } from "./api-client";
import { ControlPlane, startControlPlane } from "./control-plane";
import { allTargets } from "../../../tools/mock-runner/targets";

export const TARGETS = allTargets();

const rendered = new Map<string, Promise<Record<string, any>[]>>();

export function manifestsOf(target: string): Promise<Record<string, any>[]> {
    if (!rendered.has(target)) rendered.set(target, renderedManifests(target));
    return rendered.get(target)!;
}

export function idOf(m: Record<string, any>): string {
    return `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ""}${m.metadata.name}`;
}

let shared: Promise<{ plane: ControlPlane; client: ApiClient }> | undefined;

/** One control plane for the whole suite (starting one takes tens of seconds), stopped by the root `after` below. */
export function cluster(): Promise<{ plane: ControlPlane; client: ApiClient }> {
    shared ??= startControlPlane().then((plane) => ({ plane, client: new ApiClient(plane.kubeconfig) }));
    return shared;
}

after(async function () {
    this.timeout(60_000);
    if (shared) await (await shared).plane.stop();
});
