import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/** Password for a data service: 32 characters, every class, URL-safe symbols only (it goes into connection URLs). */
export function servicePassword(name: string, parent: pulumi.Resource, length = 32): random.RandomPassword {
    return new random.RandomPassword(name, {
        length,
        special: true,
        overrideSpecial: "-_",
        minUpper: 2,
        minLower: 2,
        minNumeric: 2,
        minSpecial: 1,
    }, { parent });
}
