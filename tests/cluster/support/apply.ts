/** Server-side apply of rendered manifests, collecting every rejection and every warning as one readable line. */
import { manifestYaml } from "../../../tools/render-manifests";
import { ApiClient, ApiResponse, mapLimit } from "./api-client";
import { idOf } from "./targets";

export function problemsOf(id: string, res: ApiResponse): string[] {
    const problems = res.warnings.map((w) => `${id}: warning: ${w}`);
    if (res.status < 200 || res.status >= 300)
        problems.unshift(`${id}: rejected (${res.status}): ${res.body?.message ?? JSON.stringify(res.body)}`);
    return problems;
}

/** Applies each manifest (as the YAML text the renderer writes); returns the problems, in manifest order. */
export async function applyAll(client: ApiClient, manifests: Record<string, any>[], options: { dryRun: boolean }): Promise<string[]> {
    const results = await mapLimit(manifests, 6, async (m) => {
        try {
            return problemsOf(idOf(m), await client.apply(m, manifestYaml(m), options));
        } catch (e) {
            return [`${idOf(m)}: ${(e as Error).message}`];
        }
    });
    return results.flat();
}

/** Namespaces, then the objects pods need to be admitted (ServiceAccounts, PriorityClasses), for real. */
export async function applyPrerequisites(client: ApiClient, manifests: Record<string, any>[], kinds: string[]): Promise<string[]> {
    const problems: string[] = [];
    for (const kind of kinds)
        problems.push(
            ...(await applyAll(
                client,
                manifests.filter((m) => m.kind === kind),
                { dryRun: false },
            )),
        );
    return problems;
}
