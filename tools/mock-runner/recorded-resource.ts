/**
 * One resource the program registered, as the mock harness (./harness.ts) records it.
 * The shape is shared by unit tests and by the in-process policy check (tools/policy-check).
 */
export interface RecordedResource {
    /** Type token, e.g. `kubernetes:apps/v1:Deployment` or `stack:workload:AppService`. */
    type: string;
    /** Logical name given to the constructor. */
    name: string;
    /** `urn:pulumi:<stack>::<project>::<parent types joined by $>$<type>::<name>` as the engine would build it. */
    urn: string;
    /** true for provider-managed (custom) resources, false for components. */
    custom: boolean;
    /** Inputs after the SDK resolved them (secrets unwrapped; values unknown during preview are `undefined`). */
    inputs: Record<string, any>;
    /** Dot paths of input properties that were secret outputs (`stringData.password`, `masterPassword`). */
    secretPaths: string[];
    /** Resource options that matter to reviewers and policies. */
    options: RecordedOptions;
}

export interface RecordedOptions {
    /** URN of the parent resource (the stack itself when none was given). */
    parent?: string;
    protect: boolean;
    retainOnDelete: boolean;
    /** URNs of explicit dependsOn resources. */
    dependsOn: string[];
    /** URN of the explicit provider resource, if any. */
    provider?: string;
    ignoreChanges: string[];
    deleteBeforeReplace: boolean;
}
