/**
 * Minimal valid stack configs per environment, for unit tests of every layer. `buildConfig(env, edit)` parses a small
 * raw config through the real schema (so defaults and presets apply); `edit` changes the raw config first.
 */
import { DEFAULT_IMAGES, Environment, IMAGE_KEYS, parseStackConfig, StackConfig } from "../../../components/config";

const DIGEST = "sha256:" + "a".repeat(64);

/** An image reference valid in every environment (tag and digest). */
export function pinnedImage(repo: string, tag = "1.0.0"): string {
    return `${repo}:${tag}@${DIGEST}`;
}

export const AWS_SECTION = {
    region: "eu-west-1",
    vpcId: "vpc-0abc12345def67890",
    privateSubnetIds: ["subnet-0abc12345def67890", "subnet-0abc12345def67891"],
    clusterSecurityGroupId: "sg-0abc12345def67890",
    oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789",
    oidcIssuer: "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789",
    clusterName: "shop-eks",
};

/** One service `api` with a public route; replicas meet the environment's floor. */
export function minimalService(env: Environment): Record<string, any> {
    const floor = env === "prod" ? 3 : env === "staging" ? 2 : 1;
    return {
        name: "api",
        image: pinnedImage("ghcr.io/example/api"),
        // Stated so a Vault env file can be sourced before it (required where Vault delivers secrets).
        command: ["/app/serve"],
        port: 8000,
        probes: { liveness: { path: "/health" }, readiness: { path: "/ready" } },
        resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
        replicas: floor,
        route: { hosts: [`api.${env}.example.com`] },
    };
}

/** Raw config: dev on the cluster target (render mode, add-ons off), staging/prod on aws. */
export function rawConfig(env: Environment): Record<string, any> {
    const aws = env !== "dev";
    return {
        appName: "shop",
        environment: env,
        target: aws ? "aws" : "cluster",
        kubernetes: aws ? { mode: "kubeconfig", context: `shop-${env}` } : { mode: "render", renderDir: "out/test" },
        ...(aws ? { aws: AWS_SECTION } : {}),
        addons: aws
            ? {}
            : {
                  certManager: false,
                  envoyGateway: false,
                  kubePrometheusStack: false,
                  loki: false,
                  secretsBackend: false,
                  postgresOperator: false,
                  metricsServer: false,
                  prometheusAdapter: false,
              },
        services: [minimalService(env)],
        // Prod replicates its secrets to a second region (secrets.replicaRegions is required there).
        secrets: aws
            ? { backend: "aws-secrets-manager", ...(env === "prod" ? { replicaRegions: ["eu-central-1"] } : {}) }
            : { backend: "vault" },
        edge: { tls: { acmeEmail: "ops@example.com" }, cors: { allowOrigins: [`https://app.${env}.example.com`] } },
        // Prod requires a receiver; dev and staging keep the minimal (warned) routing. Dev's add-ons are off, so its
        // monitoring objects need a cluster that already runs the Prometheus operator.
        ...(env === "prod" ? { monitoring: { alerting: { slackSecret: "slack-webhook-url", slackChannel: "#shop-alerts" } } } : {}),
        ...(env === "dev" ? { monitoring: { existingPrometheusOperator: true } } : {}),
        ...(aws ? { backup: { destination: { kind: "s3" } } } : {}),
    };
}

/**
 * Parses the minimal config of `env` after `edit`; throws with every issue listed when it does not parse. In prod the
 * platform images the edited config runs get digest-pinned overrides (unless the edit set them), as a real prod file has.
 */
export function buildConfig(env: Environment, edit?: (raw: Record<string, any>) => void): StackConfig {
    const raw = rawConfig(env);
    edit?.(raw);
    if (env === "prod") pinPlatformImages(raw);
    const result = parseStackConfig(raw);
    if (!result.ok)
        throw new Error(
            `fixture config for ${env} does not parse:\n${result.issues.map((i) => `${i.path}: expected ${i.expected}, found ${i.found}`).join("\n")}`,
        );
    return result.config;
}

function pinPlatformImages(raw: Record<string, any>): void {
    raw.images = { ...Object.fromEntries(IMAGE_KEYS.map((k) => [k, `${DEFAULT_IMAGES[k]}@${DIGEST}`])), ...(raw.images ?? {}) };
}
