/**
 * Per-process memo of whole-program recordings. Evaluating the program under mocks costs about a second per stack, and
 * many tests in one process read the same stack; the program is a function of its config and of files in the repo that
 * do not change while a suite runs, so one evaluation per distinct config serves them all.
 *
 * Every caller gets its own deep copy of the recorded resources (tests splice, edit and annotate them); the promise is
 * stored so two overlapping calls for one config still evaluate it once.
 */
import type { RecordedResource } from "./recorded-resource";

export interface Recording {
    resources: RecordedResource[];
    /** Stack outputs as the program returned them (may hold Outputs, so shared, never copied). */
    outputs: Record<string, unknown>;
    error?: Error;
}

const recordings = new Map<string, Promise<Recording>>();
let evaluations = 0;

/** The key of one evaluation: everything the program reads that can differ between calls in one process. */
export function recordingKey(stack: string, preview: boolean, rawConfig: Record<string, unknown>): string {
    return JSON.stringify([stack, preview, rawConfig]);
}

/** The recording for `key`, evaluating it on first use; the resources are a fresh copy for this caller. */
export async function memoizedRecording(key: string, evaluate: () => Promise<Recording>): Promise<Recording> {
    let pending = recordings.get(key);
    if (!pending) {
        evaluations++;
        pending = evaluate();
        recordings.set(key, pending);
        // A crash of the harness itself (not a config error, which is part of the recording) is not remembered.
        pending.catch(() => recordings.delete(key));
    }
    const recording = await pending;
    return { ...recording, resources: structuredClone(recording.resources) };
}

/** How many evaluations the memo has started in this process (tests assert sharing with it). */
export function recordingEvaluations(): number {
    return evaluations;
}
