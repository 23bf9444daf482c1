/**
 * The floor a mock evaluation cannot go below: the SDK alone registering the same resources (type, name, recorded
 * inputs) under mocks that echo their inputs, with no program, no config parsing and no recording. Benchmarks divide a
 * program's evaluation time by this to show what the components and the harness add on top of the SDK.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "./recorded-resource";
import { runInPulumiStack, setAllConfig, waitForRPCs } from "./sdk-internals";
import { withShallowStacks } from "./shallow-stacks";

/** The SDK's base classes are abstract; these add nothing to them. */
class RawCustom extends pulumi.CustomResource {}
class RawComponent extends pulumi.ComponentResource {}

/** Milliseconds the SDK takes to register `resources` (custom ones as CustomResource, the rest as components). */
export async function rawRegistrationMs(resources: RecordedResource[], stack: string): Promise<number> {
    setAllConfig({});
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
            call: (args) => args.inputs,
        },
        "raw-sdk-floor",
        stack,
        false,
    );
    // Under the same stack-trace limit as the harness's evaluations, so the ratio compares like with like.
    return withShallowStacks(async () => {
        const start = process.hrtime.bigint();
        await runInPulumiStack(async () => {
            for (const r of resources) {
                if (r.custom) new RawCustom(r.type, r.name, r.inputs);
                else new RawComponent(r.type, r.name, r.inputs);
            }
            return {};
        });
        await waitForRPCs();
        return Number(process.hrtime.bigint() - start) / 1e6;
    });
}
