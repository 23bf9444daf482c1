/**
 * The policy pack process the CLI starts (`pack-host <engine-address> <pack-dir>`): the SDK's own pack runner
 * (`@pulumi/pulumi/cmd/run-policy-pack`), loaded with this process's transpile-only ts-node instead of the
 * type-checking one it registers itself. Type-checking the pack on every engine run cost about 10 s per start (two
 * starts per `up`); `bash scripts/test.sh` type-checks it once instead.
 */
const [engineAddress, packDir] = process.argv.slice(2);
if (!engineAddress || !packDir) {
    process.stderr.write("usage: pack-host <engine-address> <policy-pack-dir>\n");
    process.exit(2);
}
// The runner takes minimist's shape, the program first; the pack needs no engine address: it serves on a port it prints.
const argv = { _: [packDir] };

// A failure the pack did not report must still fail the engine run, never pass for "no violations".
process.on("uncaughtException", (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
});
process.on("unhandledRejection", (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
});

const runner = require("@pulumi/pulumi/cmd/run-policy-pack/run") as { run(opts: Record<string, unknown>): Promise<void> };
runner.run({ argv, programStarted: () => undefined, reportLoggedError: () => undefined, typeScript: false }).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
});
