/**
 * Bad configurations, each one mistake away from a valid stack file, with the key path its error must name.
 * `base` picks the stack file the mistake is made in; `edit` makes exactly one mistake.
 */
export interface BadConfig {
    title: string;
    base: "dev" | "staging" | "prod";
    edit: (raw: Record<string, any>) => void;
    /** Key path (without the prod-stack: prefix) the error must name; services by name, by index only when the name is ambiguous. */
    path: string;
    /** Text the message must contain besides the path (what was expected or found). */
    mentions?: RegExp;
}

const api = (raw: Record<string, any>) => raw.services[0];

export const BAD_CONFIGS: BadConfig[] = [
    // Wrong types
    {
        title: "port given as text",
        base: "dev",
        edit: (r) => {
            api(r).port = "eight thousand";
        },
        path: "services[api].port",
        mentions: /expected a number/,
    },
    {
        title: "replicas given as a boolean",
        base: "dev",
        edit: (r) => {
            delete api(r).autoscaling;
            api(r).replicas = true;
        },
        path: "services[api].replicas",
        mentions: /expected a number/,
    },
    {
        title: "services given as an object",
        base: "dev",
        edit: (r) => {
            r.services = { api: {} };
        },
        path: "services",
        mentions: /list/,
    },
    {
        title: "env value given as a number",
        base: "dev",
        edit: (r) => {
            api(r).env.WORKERS = 2;
        },
        path: "services[api].env.WORKERS",
        mentions: /expected a string/,
    },
    {
        title: "probe path given as a list",
        base: "dev",
        edit: (r) => {
            api(r).probes.liveness.path = ["/health"];
        },
        path: "services[api].probes.liveness.path",
    },
    {
        title: "websocket flag given as text",
        base: "dev",
        edit: (r) => {
            api(r).route.websocket = "yes";
        },
        path: "services[api].route.websocket",
        mentions: /boolean/,
    },
    // Missing required values
    {
        title: "appName missing",
        base: "dev",
        edit: (r) => {
            delete r.appName;
        },
        path: "appName",
        mentions: /key missing/,
    },
    {
        title: "target missing",
        base: "dev",
        edit: (r) => {
            delete r.target;
        },
        path: "target",
    },
    {
        title: "service image missing",
        base: "dev",
        edit: (r) => {
            delete api(r).image;
        },
        path: "services[api].image",
        mentions: /image reference/,
    },
    {
        title: "service port missing",
        base: "dev",
        edit: (r) => {
            delete api(r).port;
        },
        path: "services[api].port",
    },
    {
        title: "readiness probe missing",
        base: "dev",
        edit: (r) => {
            delete api(r).probes.readiness;
        },
        path: "services[api].probes.readiness",
    },
    {
        title: "resources missing",
        base: "dev",
        edit: (r) => {
            delete api(r).resources;
        },
        path: "services[api].resources",
    },
    {
        title: "secrets backend missing",
        base: "dev",
        edit: (r) => {
            delete r.secrets;
        },
        path: "secrets",
    },
    {
        title: "redis used but not configured (the Tria REDIS_HOST bug)",
        base: "dev",
        edit: (r) => {
            delete r.redis;
        },
        path: "services[api].uses.redis",
        mentions: /localhost.*fix: add prod-stack:redis/,
    },
    {
        title: "database used but not configured",
        base: "dev",
        edit: (r) => {
            delete r.database;
        },
        path: "services[api].uses.database",
        mentions: /fix: add prod-stack:database/,
    },
    {
        title: "aws target without account pieces",
        base: "staging",
        edit: (r) => {
            delete r.aws;
        },
        path: "aws",
        mentions: /vpcId/,
    },
    {
        title: "ACME e-mail missing with TLS on",
        base: "dev",
        edit: (r) => {
            delete r.edge.tls.acmeEmail;
        },
        path: "edge.tls.acmeEmail",
    },
    {
        title: "ingress mode without an ingress class",
        base: "dev",
        edit: (r) => {
            r.edge.mode = "ingress";
        },
        path: "edge.ingressClass",
    },
    // Unknown keys
    {
        title: "unknown top-level key",
        base: "dev",
        edit: (r) => {
            r.replicaCount = 3;
        },
        path: "replicaCount",
        mentions: /unknown key/,
    },
    {
        title: "misspelt service key",
        base: "dev",
        edit: (r) => {
            api(r).healthcheck = "/health";
        },
        path: "services[api].healthcheck",
        mentions: /unknown key/,
    },
    {
        title: "unknown database key",
        base: "staging",
        edit: (r) => {
            r.database.publiclyAccessible = true;
        },
        path: "database.publiclyAccessible",
        mentions: /unknown key/,
    },
    // Out of range / malformed
    {
        title: "port out of range",
        base: "dev",
        edit: (r) => {
            api(r).port = 70000;
        },
        path: "services[api].port",
        mentions: /<= 65535/,
    },
    {
        title: "service name not a DNS label",
        base: "dev",
        edit: (r) => {
            api(r).name = "API_Server";
        },
        path: "services[0].name",
        mentions: /DNS label/,
    },
    {
        title: "namespace 'default'",
        base: "dev",
        edit: (r) => {
            r.namespace = "default";
        },
        path: "namespace",
        mentions: /dedicated namespace/,
    },
    {
        title: "CPU quantity malformed",
        base: "dev",
        edit: (r) => {
            api(r).resources.limits.cpu = "1 core";
        },
        path: "services[api].resources.limits.cpu",
        mentions: /CPU quantity/,
    },
    {
        title: "memory quantity malformed",
        base: "dev",
        edit: (r) => {
            api(r).resources.requests.memory = "512MB";
        },
        path: "services[api].resources.requests.memory",
        mentions: /512Mi/,
    },
    {
        title: "host not fully qualified",
        base: "dev",
        edit: (r) => {
            api(r).route.hosts = ["localhost"];
        },
        path: "services[api].route.hosts[0]",
        mentions: /fully qualified/,
    },
    {
        title: "environment not one of dev/staging/prod",
        base: "dev",
        edit: (r) => {
            r.environment = "production";
        },
        path: "environment",
        mentions: /"dev", "staging", "prod"/,
    },
    {
        title: "database kind unknown",
        base: "dev",
        edit: (r) => {
            r.database.kind = "mysql";
        },
        path: "database.kind",
    },
    {
        title: "Vault secrets for a service whose command is unknown",
        base: "dev",
        edit: (r) => {
            r.secrets = { backend: "vault" };
            delete api(r).command;
        },
        path: "services[api].command",
        mentions: /sourced before the command/,
    },
    {
        title: "backup schedule not cron",
        base: "dev",
        edit: (r) => {
            r.backup.schedule = "daily";
        },
        path: "backup.schedule",
        mentions: /cron/,
    },
    {
        title: "RDS instance class malformed",
        base: "staging",
        edit: (r) => {
            r.database.instanceClass = "r6g.large";
        },
        path: "database.instanceClass",
    },
    {
        title: "subnet list too short for Multi-AZ",
        base: "staging",
        edit: (r) => {
            r.aws.privateSubnetIds = ["subnet-0a1b2c3d4e5f60001"];
        },
        path: "aws.privateSubnetIds",
        mentions: /at least 2/,
    },
    {
        title: "generated secret shorter than 32",
        base: "staging",
        edit: (r) => {
            api(r).generatedSecrets.SECRET_KEY = 16;
        },
        path: "services[api].generatedSecrets.SECRET_KEY",
        mentions: />= 32/,
    },
    {
        title: "secret-looking name in plain env",
        base: "dev",
        edit: (r) => {
            api(r).env.DATABASE_PASSWORD = "hunter2";
        },
        path: "services[api].env.DATABASE_PASSWORD",
        mentions: /secretEnv/,
    },
    {
        title: "image without a tag",
        base: "dev",
        edit: (r) => {
            api(r).image = "ghcr.io/example/webapp-api";
        },
        path: "services[api].image",
        mentions: /explicit tag or digest/,
    },
    // Cross-field rules
    {
        title: "HPA min above max",
        base: "dev",
        edit: (r) => {
            api(r).autoscaling = { min: 5, max: 3 };
        },
        path: "services[api].autoscaling.min",
        mentions: /<= autoscaling.max \(3\)/,
    },
    {
        title: "PDB leaves no room for a disruption",
        base: "staging",
        edit: (r) => {
            api(r).disruptionBudget = { minAvailable: 2 };
        },
        path: "services[api].disruptionBudget.minAvailable",
        mentions: /< the minimum replica count \(2\)/,
    },
    {
        title: "PDB maxUnavailable takes every replica",
        base: "staging",
        edit: (r) => {
            r.services[1].disruptionBudget = { maxUnavailable: 2 };
        },
        path: "services[portal].disruptionBudget.maxUnavailable",
    },
    {
        title: "shared ReadWriteOnce volume on 2 replicas (metrics-service guide)",
        base: "staging",
        edit: (r) => {
            r.services[1].volume = { mountPath: "/var/lib/sqlite", size: "1Gi", sharing: "shared" };
        },
        path: "services[portal].volume.accessMode",
        mentions: /ReadWriteMany/,
    },
    {
        title: "client connections exceed PgBouncer capacity",
        base: "staging",
        edit: (r) => {
            api(r).autoscaling.max = 100;
            api(r).databasePool = { size: 20, maxOverflow: 10 };
        },
        path: "database.pgbouncer.maxClientConnections",
        mentions: /3000/,
    },
    {
        title: "prod alerts routed to nobody (no Slack or PagerDuty secret)",
        base: "prod",
        edit: (r) => {
            delete r.monitoring.alerting.slackSecret;
            delete r.monitoring.alerting.pagerdutySecret;
        },
        path: "monitoring.alerting",
        mentions: /a receiver in prod.*fix: set monitoring\.alerting\.slackSecret/,
    },
    {
        title: "PgBouncer server pools exceed 80% of max_connections (SEI guide: 200)",
        base: "prod",
        edit: (r) => {
            r.database.maxConnections = 200;
        },
        path: "database.pgbouncer.maxDbConnections",
        mentions: /160 of 200/,
    },
    {
        title: "RDS class outside the sizing table without maxConnections",
        base: "staging",
        edit: (r) => {
            r.database.instanceClass = "db.x2g.large";
        },
        path: "database.maxConnections",
        mentions: /sizing table/,
    },
    {
        title: "service depends on an unknown service",
        base: "dev",
        edit: (r) => {
            r.services[1].uses.services = ["backend"];
        },
        path: "services[portal].uses.services[0]",
        mentions: /api/,
    },
    {
        title: "two services claim the same host and path",
        base: "dev",
        edit: (r) => {
            r.services[1].route = { hosts: ["api.dev.example.com"], paths: ["/api"] };
        },
        path: "services[portal].route",
    },
    {
        title: "duplicate service names",
        base: "dev",
        edit: (r) => {
            r.services[1].name = "api";
        },
        path: "services[1].name",
        mentions: /unique/,
    },
    {
        title: "RDS on the cluster target",
        base: "dev",
        edit: (r) => {
            r.database = { kind: "rds" };
        },
        path: "database.kind",
        mentions: /fix: set target: aws/,
    },
    {
        title: "canary without a route",
        base: "dev",
        edit: (r) => {
            r.services[1].route = undefined;
            r.services[1].progressive = { strategy: "canary", image: "ghcr.io/example/webapp-portal:1.5.0", weight: 10 };
        },
        path: "services[portal].progressive",
    },
    {
        title: "retired ingress-nginx class",
        base: "dev",
        edit: (r) => {
            r.edge.mode = "ingress";
            r.edge.ingressClass = "nginx";
        },
        path: "edge.ingressClass",
        mentions: /retired/,
    },
    {
        title: "cluster target S3 backup without bucket",
        base: "dev",
        edit: (r) => {
            r.backup.destination = { kind: "s3" };
        },
        path: "backup.destination.bucket",
    },
    // Weak settings forbidden in prod (and staging)
    {
        title: "prod image not pinned by digest",
        base: "prod",
        edit: (r) => {
            api(r).image = "ghcr.io/example/webapp-api:1.4.2";
        },
        path: "services[api].image",
        mentions: /digest/,
    },
    {
        title: "staging image on :latest",
        base: "staging",
        edit: (r) => {
            api(r).image = "ghcr.io/example/webapp-api:latest";
        },
        path: "services[api].image",
        mentions: /not :latest/,
    },
    {
        title: "prod HPA minimum below 3",
        base: "prod",
        edit: (r) => {
            api(r).autoscaling.min = 2;
        },
        path: "services[api].autoscaling.min",
        mentions: />= 3/,
    },
    {
        title: "prod fixed replicas below 3",
        base: "prod",
        edit: (r) => {
            delete r.services[1].autoscaling;
            r.services[1].replicas = 1;
        },
        path: "services[portal].replicas",
        mentions: />= 3/,
    },
    {
        title: "prod TLS off",
        base: "prod",
        edit: (r) => {
            r.edge.tls.enabled = false;
        },
        path: "edge.tls.enabled",
        mentions: /true in prod/,
    },
    {
        title: "prod RDS single-AZ",
        base: "prod",
        edit: (r) => {
            r.database.multiAz = false;
        },
        path: "database.multiAz",
        mentions: /true in prod/,
    },
    {
        title: "prod ElastiCache single-AZ",
        base: "prod",
        edit: (r) => {
            r.redis.multiAz = false;
        },
        path: "redis.multiAz",
    },
    {
        title: "prod ElastiCache without a replica",
        base: "prod",
        edit: (r) => {
            r.redis.nodes = 1;
        },
        path: "redis.nodes",
    },
    {
        title: "prod backups off",
        base: "prod",
        edit: (r) => {
            r.backup.enabled = false;
        },
        path: "backup.enabled",
        mentions: /true in prod/,
    },
    {
        title: "prod RDS backup retention below 30 days",
        base: "prod",
        edit: (r) => {
            r.database.backupRetentionDays = 7;
        },
        path: "database.backupRetentionDays",
        mentions: />= 30/,
    },
    {
        title: "prod platform image left on its tag-pinned default",
        base: "prod",
        edit: (r) => {
            delete r.images.pgbouncer;
        },
        path: "images.pgbouncer",
        mentions: /crane digest edoburu\/pgbouncer/,
    },
    {
        title: "prod platform image override without a digest",
        base: "prod",
        edit: (r) => {
            r.images.awsCli = "amazon/aws-cli:2.27.0";
        },
        path: "images.awsCli",
        mentions: /digest/,
    },
    {
        title: "unknown platform image key",
        base: "dev",
        edit: (r) => {
            r.images = { nginx: "nginx:1.27" };
        },
        path: "images.nginx",
        mentions: /unknown key/,
    },
    {
        title: "prod CORS wildcard",
        base: "prod",
        edit: (r) => {
            r.edge.cors.allowOrigins = ["*"];
        },
        path: "edge.cors.allowOrigins",
    },
    {
        title: "prod Patroni with one member",
        base: "prod",
        edit: (r) => {
            r.target = "cluster";
            delete r.aws;
            r.database = { kind: "patroni", members: 1, walArchive: { bucket: "webapp-wal" } };
            r.redis = { kind: "cluster" };
            r.secrets = { backend: "vault" };
            r.backup.destination = { kind: "filesystem" };
        },
        path: "database.members",
        mentions: /quorum/,
    },
    {
        title: "prod Patroni without WAL archiving",
        base: "prod",
        edit: (r) => {
            r.target = "cluster";
            delete r.aws;
            r.database = { kind: "patroni" };
            r.redis = { kind: "cluster" };
            r.secrets = { backend: "vault" };
            r.backup.destination = { kind: "filesystem" };
        },
        path: "database.walArchive",
        mentions: /point-in-time/,
    },
    {
        title: "prod in-cluster Redis without Sentinel",
        base: "prod",
        edit: (r) => {
            r.target = "cluster";
            delete r.aws;
            r.database = { kind: "patroni", walArchive: { bucket: "webapp-wal" } };
            r.redis = { kind: "cluster", sentinel: false };
            r.secrets = { backend: "vault" };
            r.backup.destination = { kind: "filesystem" };
        },
        path: "redis.sentinel",
    },
    {
        title: "prod Vault with one server",
        base: "prod",
        edit: (r) => {
            r.target = "cluster";
            delete r.aws;
            r.database = { kind: "patroni", walArchive: { bucket: "webapp-wal" } };
            r.redis = { kind: "cluster" };
            r.secrets = { backend: "vault", replicas: 1 };
            r.backup.destination = { kind: "filesystem" };
        },
        path: "secrets.replicas",
        mentions: /Raft/,
    },
    // Dev-only backends and operator-less monitoring
    {
        title: "prod on plain Kubernetes Secrets",
        base: "prod",
        edit: (r) => {
            r.secrets = { backend: "kubernetes" };
        },
        path: "secrets.backend",
        mentions: /allowed in dev only.*aws-secrets-manager/s,
    },
    {
        title: "staging on a single PostgreSQL StatefulSet",
        base: "staging",
        edit: (r) => {
            r.database = { kind: "postgres" };
        },
        path: "database.kind",
        mentions: /no failover.*allowSingleInstance: true/s,
    },
    {
        title: "plain PostgreSQL asked for both TimescaleDB and pgvector",
        base: "dev",
        edit: (r) => {
            r.database.extensions = ["timescaledb", "vector"];
        },
        path: "database.extensions",
        mentions: /patroni/,
    },
    {
        title: "monitoring on without a Prometheus operator",
        base: "dev",
        edit: (r) => {
            r.monitoring = { enabled: true };
        },
        path: "monitoring.enabled",
        mentions: /existingPrometheusOperator: true/,
    },
];
