export { runPolicies, groupByRule, exitCodeOf } from "./runner";
export type { CheckOptions, CheckResult, Violation, NotApplicable } from "./runner";
export { loadPackConfig, resolvePackConfig } from "./config";
export { formatText } from "./formatters/text";
export { formatJson } from "./formatters/json";
export { formatSarif } from "./formatters/sarif";
export { main, parseArgs } from "./cli";
