import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/**
 * The one way the stack generates a credential: every character class, URL- and shell-safe symbols only (values end up
 * in connection URLs, env files and Helm values), returned as a secret output.
 */
export function strongPassword(
    name: string,
    parent: pulumi.Resource,
    opts: { length?: number; protect?: boolean } = {},
): pulumi.Output<string> {
    const password = new random.RandomPassword(
        name,
        {
            length: opts.length ?? 32,
            special: true,
            overrideSpecial: "-_",
            minUpper: 2,
            minLower: 2,
            minNumeric: 2,
            minSpecial: 1,
        },
        { parent, ...(opts.protect ? { protect: true } : {}) },
    );
    return pulumi.secret(password.result);
}
