import { main, type RunProgram } from "./policy-check/cli";

// The harness (and the Pulumi SDK under it) is loaded only when the program runs, after arguments and config passed.
const runProgram: RunProgram = (options) =>
    (require("./mock-runner/harness") as typeof import("./mock-runner/harness")).runProgram(options);

main(process.argv.slice(2), {
    runProgram,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
}).then((code) => {
    process.exitCode = code;
});
