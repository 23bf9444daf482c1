/**
 * Which volumes hold the configured SQLite files, and the backup names of their copies. Pure.
 *
 * The claim names follow what the workload layer renders (a StatefulSet claim template `data` per replica:
 * `data-<service>-<i>`; a shared claim `<service>-data`); tests/unit/backup/sqlite-backups.test.ts renders both layers
 * and holds them to the same names.
 */
import { ServiceConfig, StackConfig } from "../config";
import { appSelector } from "../kubernetes";

/** Name of the StatefulSet volume claim template of app services (workload layer). */
const APP_DATA_VOLUME = "data";
const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";

export interface SqliteSource {
    /** Job name suffix and the part of every backup name that tells volumes apart: `<service>` or `<service>-<i>`. */
    id: string;
    claimName: string;
    /** The pod the volume is attached with. */
    podSelector: Record<string, string>;
    /** Backup name (BACKUP_DATABASES entry) and path relative to the volume root, per file. */
    files: { name: string; path: string }[];
}

/** File name without directories and extension, as a name segment: `/var/lib/sqlite/metrics.db` -> `metrics`. */
function stem(path: string): string {
    return (path.split("/").pop() ?? path).replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9_.-]/g, "-");
}

/** One source per volume: per replica for `perReplica` services (each replica keeps its own file), one for shared. */
export function sqliteSources(config: StackConfig): SqliteSource[] {
    const files = config.backup.sqlite?.files ?? [];
    const byService = new Map<string, typeof files>();
    for (const f of files) byService.set(f.service, [...(byService.get(f.service) ?? []), f]);
    return [...byService].flatMap(([service, list]) => {
        const svc = config.services.find((s) => s.name === service) as ServiceConfig;
        const mount = svc.volume!.mountPath.replace(/\/+$/, "");
        const relative = (p: string) => p.slice(mount.length + 1);
        if (svc.volume!.sharing === "shared") {
            return [
                {
                    id: service,
                    claimName: `${service}-data`,
                    podSelector: appSelector(service),
                    files: list.map((f) => ({ name: `${service}-${stem(f.path)}`, path: relative(f.path) })),
                },
            ];
        }
        return Array.from({ length: svc.replicas }, (_, i) => ({
            id: `${service}-${i}`,
            claimName: `${APP_DATA_VOLUME}-${service}-${i}`,
            podSelector: { ...appSelector(service), [POD_NAME_LABEL]: `${service}-${i}` },
            files: list.map((f) => ({ name: `${service}-${i}-${stem(f.path)}`, path: relative(f.path) })),
        }));
    });
}
