/**
 * Benchmark (not a test): time to evaluate a stack under mocks, median of N runs after one warm-up.
 * Usage: ts-node --transpile-only tools/bench-mocks.ts [stack=prod] [runs=5]
 */
import { runProgram } from "./mock-runner/harness";

async function main() {
    const stack = process.argv[2] ?? "prod";
    const runs = Number(process.argv[3] ?? 5);
    const first = Date.now();
    const resources = await runProgram({ stack });
    const coldMs = Date.now() - first;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
        const start = process.hrtime.bigint();
        await runProgram({ stack });
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`stack ${stack}: ${resources.length} resources; first run (module loading included) ${coldMs} ms; median of ${runs} warm runs ${median.toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)})`);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
