/**
 * Entry of `npm run validate`. Imports nothing of Pulumi (tests/cli/validate.test.ts checks require.cache): a config
 * typo is answered before the SDK or a provider would even have loaded.
 */
import { main } from "./validate/cli";

process.exitCode = main(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
