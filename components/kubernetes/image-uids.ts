import { DEFAULT_RUN_AS_USER } from "./security";
// The data layer's images are in components/config/default-images.ts (defaults, overridable per stack).

/**
 * UIDs the containers run as. Not the Dockerfiles' low USERs (pgbouncer 70, redis 999, vault 100, postgres 999 or 70 on
 * Alpine; the postgres entrypoint supports any UID through nss_wrapper): a UID under 10000
 * may coincide with a real user on the node, so everything runs as a high UID. None of these images needs its own
 * USER: configs and secrets are mounted readable through fsGroup, writable paths are emptyDirs, HOME points at /tmp.
 */
export const IMAGE_UIDS = {
    pgbouncer: DEFAULT_RUN_AS_USER,
    exporter: 65534,
    redis: DEFAULT_RUN_AS_USER,
    vault: DEFAULT_RUN_AS_USER,
    postgres: DEFAULT_RUN_AS_USER,
} as const;
