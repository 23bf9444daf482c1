/**
 * The image a service runs: its configured reference, or on the aws target with `build`, an image built with
 * @pulumi/docker and pushed to an ECR repository (immutable tags, scan on push) and referenced by digest.
 */
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { ServiceConfig } from "../config";
import { StackContext } from "../contracts";

/** Content hash of a build context (file names and bytes), used as the immutable tag. */
export function contextTag(dir: string): string {
    const hash = createHash("sha256");
    const walk = (d: string): void => {
        if (!fs.existsSync(d)) return;
        for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            if (entry.name === ".git" || entry.name === "node_modules") continue;
            const full = path.join(d, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.isFile()) hash.update(path.relative(dir, full)).update(fs.readFileSync(full));
        }
    };
    hash.update(path.resolve(dir));
    walk(dir);
    return `src-${hash.digest("hex").slice(0, 16)}`;
}

export function ecrRepositoryArgs(ctx: StackContext, svc: ServiceConfig): aws.ecr.RepositoryArgs {
    return {
        name: `${ctx.config.appName}/${ctx.config.environment}/${svc.name}`,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS" }],
        forceDelete: false,
        tags: ctx.commonTags,
    };
}

/** Resolves the main image of a service, building and pushing it when the config asks for a build. */
export function resolveImage(ctx: StackContext, svc: ServiceConfig, name: string, parent: pulumi.Resource): pulumi.Input<string> {
    if (svc.image) return svc.image;
    if (!svc.build || ctx.config.target !== "aws")
        throw new Error(`service ${svc.name}: an image reference or a build on the aws target is required`);
    const awsOpts = { parent, provider: ctx.awsProvider };
    const repo = new aws.ecr.Repository(`${name}-repo`, ecrRepositoryArgs(ctx, svc), {
        ...awsOpts,
        protect: ctx.config.preset.protectStatefulResources,
    });
    const token = aws.ecr.getAuthorizationTokenOutput({ registryId: repo.registryId }, { parent, provider: ctx.awsProvider });
    const image = new docker.Image(
        `${name}-image`,
        {
            imageName: pulumi.interpolate`${repo.repositoryUrl}:${contextTag(svc.build.context)}`,
            build: { context: svc.build.context, dockerfile: path.join(svc.build.context, svc.build.dockerfile), platform: "linux/amd64" },
            registry: { server: repo.repositoryUrl, username: token.userName, password: pulumi.secret(token.password) },
        },
        { parent },
    );
    // Pods reference the pushed digest, never a tag.
    return image.repoDigest;
}
