import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

/** Stable pseudo-random text per resource name, so recorded stacks compare equal across runs. */
function stableToken(seed: string, length: number): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/**
 * A password with every character class, as @pulumi/random would return it. Tests scan recorded inputs for these
 * values to prove they only travel as secrets; the prefix makes them easy to find.
 */
export function mockPassword(name: string, length: number): string {
    const body = `MOCKSECRET${stableToken(name, 64)}Aa1-`;
    return body.slice(0, Math.max(length, 16));
}

const AWS_ACCOUNT = "123456789012";

/** Computed outputs of the resources whose outputs components read; everything else echoes its inputs. */
export function mockResourceOutputs(args: pulumi.runtime.MockResourceArgs, region: string): { id: string; state: Record<string, unknown> } {
    const inputs = args.inputs as Record<string, any>;
    const id = `${args.name}-${stableToken(args.type + args.name, 8)}`;
    const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${AWS_ACCOUNT}:${resource}`;
    switch (args.type) {
        case "random:index/randomPassword:RandomPassword": {
            const result = mockPassword(args.name, Number(inputs.length ?? 24));
            return { id, state: { ...inputs, result, bcryptHash: `$2a$10$${stableToken(args.name, 53)}` } };
        }
        case "aws:rds/instance:Instance": {
            const address = `${inputs.identifier ?? args.name}.c${stableToken(args.name, 10)}.${region}.rds.amazonaws.com`;
            return {
                id,
                state: { ...inputs, address, endpoint: `${address}:5432`, port: inputs.port ?? 5432, arn: arn("rds", `db:${args.name}`) },
            };
        }
        case "aws:elasticache/replicationGroup:ReplicationGroup":
            return {
                id,
                state: {
                    ...inputs,
                    primaryEndpointAddress: `master.${args.name}.${stableToken(args.name, 6)}.${region}.cache.amazonaws.com`,
                    readerEndpointAddress: `replica.${args.name}.${region}.cache.amazonaws.com`,
                    port: inputs.port ?? 6379,
                    arn: arn("elasticache", `replicationgroup:${args.name}`),
                },
            };
        case "aws:kms/key:Key":
            return { id, state: { ...inputs, keyId: id, arn: arn("kms", `key/${id}`) } };
        case "aws:s3/bucket:Bucket": {
            const bucket = inputs.bucket ?? `${args.name}-${stableToken(args.name, 7)}`;
            return {
                id: bucket,
                state: {
                    ...inputs,
                    bucket,
                    arn: `arn:aws:s3:::${bucket}`,
                    bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
                },
            };
        }
        case "aws:secretsmanager/secret:Secret":
            return { id, state: { ...inputs, arn: arn("secretsmanager", `secret:${inputs.name ?? args.name}-AbCdEf`) } };
        case "aws:iam/role:Role":
            return { id, state: { ...inputs, arn: `arn:aws:iam::${AWS_ACCOUNT}:role/${inputs.name ?? args.name}` } };
        case "aws:ecr/repository:Repository":
            return {
                id,
                state: {
                    ...inputs,
                    repositoryUrl: `${AWS_ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${inputs.name ?? args.name}`,
                    arn: arn("ecr", `repository/${inputs.name ?? args.name}`),
                },
            };
        default: {
            const state: Record<string, unknown> = { ...inputs };
            if (args.type.startsWith("aws:") && state.arn === undefined) state.arn = arn(args.type.split(":")[1].split("/")[0], args.name);
            if (args.type.startsWith("kubernetes:") && inputs.metadata && inputs.metadata.name === undefined) {
                state.metadata = { ...inputs.metadata, name: `${args.name}-${stableToken(args.name, 8)}` };
            }
            return { id, state };
        }
    }
}

/** Results of provider functions the components call. */
export function mockCallResult(args: pulumi.runtime.MockCallArgs, region: string): Record<string, unknown> {
    const inputs = args.inputs as Record<string, any>;
    switch (args.token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: AWS_ACCOUNT, arn: `arn:aws:iam::${AWS_ACCOUNT}:user/ci`, userId: "AIDAMOCK" };
        case "aws:index/getRegion:getRegion":
            return { name: region, region };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com" };
        case "aws:iam/getPolicyDocument:getPolicyDocument":
            return { json: JSON.stringify({ Version: "2012-10-17", Statement: inputs.statements ?? [] }) };
        case "aws:secretsmanager/getSecret:getSecret":
            return { arn: `arn:aws:secretsmanager:${region}:${AWS_ACCOUNT}:secret:${inputs.name}-AbCdEf`, name: inputs.name };
        case "aws:ec2/getVpc:getVpc":
            return { id: inputs.id, cidrBlock: "10.0.0.0/16" };
        default:
            return inputs;
    }
}
