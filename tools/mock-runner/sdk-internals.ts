/**
 * Every use the mock runner makes of @pulumi/pulumi internals (modules, fields and wire constants that are not part
 * of the SDK's public API), in one file, checked against the SDK version they were read from. When the SDK is
 * upgraded this file fails first, naming what to re-check, instead of the recordings going quietly wrong.
 */
import * as pulumi from "@pulumi/pulumi";

/** The @pulumi/pulumi release whose internals this file was written against (package.json pins the same). */
export const WRITTEN_FOR_SDK = "3.276.0";

const installed: string = require("@pulumi/pulumi/package.json").version;
if (installed !== WRITTEN_FOR_SDK) {
    throw new Error(
        `tools/mock-runner/sdk-internals.ts was written for @pulumi/pulumi ${WRITTEN_FOR_SDK} but ${installed} is installed: ` +
            "re-check runtime/settings.waitForRPCs, runtime/stack.runInPulumiStack, the resource fields __pulumiType, __name and " +
            "__parentResource, Output.isSecret and the secret signature, then set WRITTEN_FOR_SDK",
    );
}

const settings: { waitForRPCs(): Promise<void> } = require("@pulumi/pulumi/runtime/settings");
const stackRuntime: { runInPulumiStack(init: () => Promise<unknown>): Promise<unknown> } = require("@pulumi/pulumi/runtime/stack");

/** Runs `init` as the body of the root Stack resource (what the language host does for a program). */
export function runInPulumiStack(init: () => Promise<unknown>): Promise<unknown> {
    return stackRuntime.runInPulumiStack(init);
}

/** Resolves when every outstanding resource registration has reached the (mock) monitor. */
export function waitForRPCs(): Promise<void> {
    return settings.waitForRPCs();
}

/** Replaces the whole program config, as the engine hands it to the language host. */
export function setAllConfig(config: Record<string, string>): void {
    pulumi.runtime.setAllConfig(config, []);
}

/** The SDK's private view of a resource: its type token, logical name and parent. */
interface ResourceInternals {
    __pulumiType?: string;
    __name?: string;
    __parentResource?: pulumi.Resource;
}

/** Type token, logical name and parent of a registered resource (undefined when `r` is not a resource). */
export function resourceIdentity(r: unknown): { type: string; name: string; parent?: pulumi.Resource } | undefined {
    const internals = r as ResourceInternals | undefined;
    if (!internals || !internals.__pulumiType) return undefined;
    return { type: internals.__pulumiType, name: internals.__name ?? "", parent: internals.__parentResource };
}

/** Wire marker of a secret value in the inputs the mock monitor receives (sdk/nodejs/runtime/rpc.ts). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** If `value` is a wrapped secret on the wire, the value inside it. */
export function unwrapWireSecret(value: Record<string, unknown>): { secret: true; value: unknown } | { secret: false } {
    return value[SECRET_SIG] === SECRET_SIG_VALUE ? { secret: true, value: value.value } : { secret: false };
}

/** Whether an Output is secret (the SDK keeps this as a promise field on every Output). */
export function isSecretOutput(output: pulumi.Output<unknown>): Promise<boolean> {
    return (output as pulumi.Output<unknown> & { isSecret: Promise<boolean> }).isSecret;
}
