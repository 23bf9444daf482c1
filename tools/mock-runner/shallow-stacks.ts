/**
 * The SDK captures and formats a stack trace for every promise it creates (runtime/debuggable.js, for its leak report)
 * and for every resource (its source position). Under mocks neither is read, yet formatting them is about 40% of an
 * evaluation, so evaluations run with one frame per trace. A program error then shows where it was thrown and a hint;
 * MOCK_RUNNER_FULL_STACKS=1 keeps whole traces for debugging a component.
 */
const EVALUATION_STACK_FRAMES = 1;

export const FULL_STACKS_HINT = `(stack trace cut to ${EVALUATION_STACK_FRAMES} frame during the mock evaluation; MOCK_RUNNER_FULL_STACKS=1 keeps the whole trace)`;

/** Runs `fn` with shallow stack traces (unless MOCK_RUNNER_FULL_STACKS=1), restoring the limit afterwards. */
export async function withShallowStacks<T>(fn: () => Promise<T>): Promise<T> {
    if (process.env.MOCK_RUNNER_FULL_STACKS === "1") return fn();
    const saved = Error.stackTraceLimit;
    Error.stackTraceLimit = EVALUATION_STACK_FRAMES;
    try {
        return await fn();
    } finally {
        Error.stackTraceLimit = saved;
    }
}

/** Marks an error raised during a shallow evaluation so its short trace is not mistaken for the whole story. */
export function noteShallowStack(error: Error): Error {
    if (process.env.MOCK_RUNNER_FULL_STACKS !== "1" && typeof error.stack === "string" && !error.stack.includes(FULL_STACKS_HINT)) {
        error.stack = `${error.stack}\n    ${FULL_STACKS_HINT}`;
    }
    return error;
}
