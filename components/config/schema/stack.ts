import { z } from "zod";
import { Environment, EnvironmentPreset } from "../presets";
import { databaseSchema, redisSchema, secretsSchema } from "./data";
import { cdnSchema } from "./cdn";
import { edgeSchema } from "./edge";
import { backupSchema, loggingSchema, monitoringSchema } from "./observability";
import { addonsSchema, awsSchema, kubernetesSchema } from "./platform";
import { dnsLabel } from "./primitives";
import { serviceSchema } from "./service";
import { imageRef } from "./image";
import { IMAGE_KEYS, ImageKey } from "../default-images";

/** The whole stack configuration for one environment; env-dependent defaults and floors come from the preset. */
export function stackSchema(preset: EnvironmentPreset) {
    return z.strictObject({
        /** Short application name: prefixes resource names and labels. */
        appName: dnsLabel.refine((v) => v.length <= 20, "at most 20 characters (it prefixes AWS names)"),
        environment: z.enum(["dev", "staging", "prod"]),
        /** `aws`: RDS, ElastiCache, Secrets Manager. `cluster`: everything in Kubernetes. */
        target: z.enum(["aws", "cluster"]),
        /** Namespace of the app. Default "<appName>-<environment>". */
        namespace: dnsLabel
            .refine((v) => v !== "default" && !v.startsWith("kube-"), "a dedicated namespace, not default or kube-*")
            .optional(),
        kubernetes: kubernetesSchema,
        aws: awsSchema.optional(),
        services: z.array(serviceSchema(preset)).min(1),
        database: databaseSchema(preset).optional(),
        redis: redisSchema(preset).optional(),
        secrets: secretsSchema(preset),
        edge: edgeSchema(preset).default(edgeSchema(preset).parse({})),
        cdn: cdnSchema(preset).default(cdnSchema(preset).parse({})),
        monitoring: monitoringSchema(preset).default(monitoringSchema(preset).parse({})),
        logging: loggingSchema(preset).default(loggingSchema(preset).parse({})),
        backup: backupSchema(preset).default(backupSchema(preset).parse({})),
        addons: addonsSchema.default(addonsSchema.parse({})),
        /**
         * Overrides of the platform images (components/config/default-images.ts), e.g. digest-pinned references to a registry
         * mirror. Prod requires a digest for every platform image the stack runs.
         */
        images: z
            .strictObject(
                Object.fromEntries(IMAGE_KEYS.map((k) => [k, imageRef(preset).optional()])) as Record<
                    ImageKey,
                    z.ZodOptional<ReturnType<typeof imageRef>>
                >,
            )
            .default({}),
        /** Tags added to every AWS resource and labels to every Kubernetes object. */
        tags: z.record(z.string().regex(/^[A-Za-z0-9_.:/=+\-@]{1,128}$/), z.string().max(256)).default({}),
    });
}

export type ParsedStackConfig = z.output<ReturnType<typeof stackSchema>>;

type Database = NonNullable<ParsedStackConfig["database"]>;
type Redis = NonNullable<ParsedStackConfig["redis"]>;
type Secrets = ParsedStackConfig["secrets"];
export type AwsSection = NonNullable<ParsedStackConfig["aws"]>;

/** What every stack has, whatever its target: the parsed config plus the resolved environment preset and derived names. */
interface StackConfigBase extends Omit<ParsedStackConfig, "target" | "aws" | "database" | "redis" | "secrets"> {
    namespace: string;
    preset: EnvironmentPreset;
    environment: Environment;
}

/** The aws target: the account pieces are there, and the data services may be the AWS-managed kinds. */
export interface AwsStackConfig extends StackConfigBase {
    target: "aws";
    aws: AwsSection;
    database?: Database;
    redis?: Redis;
    secrets: Secrets;
}

/** The cluster target: everything runs in Kubernetes, so no AWS section and no AWS-managed kind. */
export interface ClusterStackConfig extends StackConfigBase {
    target: "cluster";
    aws?: undefined;
    database?: Exclude<Database, { kind: "rds" }>;
    redis?: Exclude<Redis, { kind: "elasticache" }>;
    secrets: Exclude<Secrets, { backend: "aws-secrets-manager" }>;
}

/**
 * What components receive, discriminated on `target`: validation (the targetConsistency cross-check) proved that the
 * aws target has its `aws` section and that AWS-managed kinds appear only there, and the type says so.
 */
export type StackConfig = AwsStackConfig | ClusterStackConfig;
