import { runProgram } from "./mock-runner/harness";
import { main } from "./policy-check/cli";

main(process.argv.slice(2), {
    runProgram,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
}).then((code) => process.exit(code));
