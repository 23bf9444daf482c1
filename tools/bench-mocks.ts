/**
 * Benchmark (not a test): time to evaluate a stack under mocks (program plus recording, memo bypassed), median of N
 * runs after one warm-up, against the raw-SDK floor for the same resources (./mock-runner/raw-sdk-floor.ts), as a ratio.
 * Usage: node --require sucrase/register/ts tools/bench-mocks.ts [stack=prod] [runs=5]
 */
import { evaluateProgramFull } from "./mock-runner/harness";
import { rawRegistrationMs } from "./mock-runner/raw-sdk-floor";

function median(times: number[]): number {
    const sorted = [...times].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
    const stack = process.argv[2] ?? "prod";
    const runs = Number(process.argv[3] ?? 5);
    if (!Number.isInteger(runs) || runs < 1)
        throw new Error(`runs: expected a positive integer, found ${process.argv[3]}; fix: pass e.g. 5`);
    const first = Date.now();
    const warmUp = await evaluateProgramFull({ stack });
    if (warmUp.error) throw warmUp.error;
    const resources = warmUp.resources;
    const coldMs = Date.now() - first;
    const program: number[] = [];
    const floor: number[] = [];
    await rawRegistrationMs(resources, stack);
    for (let i = 0; i < runs; i++) {
        const start = process.hrtime.bigint();
        await evaluateProgramFull({ stack });
        program.push(Number(process.hrtime.bigint() - start) / 1e6);
        floor.push(await rawRegistrationMs(resources, stack));
    }
    const p = median(program);
    const f = median(floor);
    console.log(
        `stack ${stack}: ${resources.length} resources; first run (module loading included) ${coldMs} ms; ` +
            `median of ${runs} warm runs ${p.toFixed(0)} ms (min ${Math.min(...program).toFixed(0)}, max ${Math.max(...program).toFixed(0)}); ` +
            `raw-SDK floor for the same resources ${f.toFixed(0)} ms; ratio ${(p / f).toFixed(1)}x`,
    );
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
