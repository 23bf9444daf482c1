/**
 * The rules GitHub code scanning applies to an uploaded SARIF file beyond the schema ("SARIF support for code
 * scanning": required properties and upload limits), as checks that return each problem found.
 */
const MAX_RUNS = 20;
const MAX_RESULTS_PER_RUN = 25_000;
const MAX_RULES_PER_RUN = 25_000;
const MAX_LOCATIONS_PER_RESULT = 1_000;
const MAX_TAGS_PER_RULE = 20;
const MAX_DESCRIPTION = 1_024;
const LEVELS = ["none", "note", "warning", "error"];

type Json = Record<string, any>;

function isAbsoluteUri(value: unknown): boolean {
    if (typeof value !== "string") return false;
    try {
        return new URL(value).protocol.length > 1;
    } catch {
        return false;
    }
}

/** An artifact URI GitHub can place in the repository: relative, forward slashes, no scheme, not rooted. */
function isRepositoryRelative(uri: unknown): boolean {
    return (
        typeof uri === "string" &&
        uri.length > 0 &&
        !/^[a-z][a-z0-9+.-]*:/i.test(uri) &&
        !uri.startsWith("/") &&
        !uri.includes("\\") &&
        !uri.split("/").includes("..")
    );
}

export function githubUploadProblems(sarif: Json): string[] {
    const problems: string[] = [];
    const p = (where: string, what: string) => problems.push(`${where}: ${what}`);
    if (sarif.version !== "2.1.0") p("version", `must be "2.1.0", found ${JSON.stringify(sarif.version)}`);
    if (typeof sarif.$schema !== "string") p("$schema", "required");
    if (!Array.isArray(sarif.runs) || sarif.runs.length === 0) {
        p("runs", "at least one run required");
        return problems;
    }
    if (sarif.runs.length > MAX_RUNS) p("runs", `at most ${MAX_RUNS}`);
    const categories = new Set<string>();
    sarif.runs.forEach((run: Json, r: number) => {
        const at = `runs[${r}]`;
        const driver = run.tool?.driver;
        if (typeof driver?.name !== "string" || driver.name === "") p(`${at}.tool.driver.name`, "required");
        const category = `${driver?.name}/${run.automationDetails?.id ?? ""}`;
        if (categories.has(category)) p(`${at}.automationDetails.id`, "two runs of one tool need distinct categories");
        categories.add(category);
        if (driver?.informationUri !== undefined && !isAbsoluteUri(driver.informationUri))
            p(`${at}.tool.driver.informationUri`, "must be an absolute URI");
        const rules: Json[] = driver?.rules ?? [];
        if (rules.length > MAX_RULES_PER_RUN) p(`${at}.tool.driver.rules`, `at most ${MAX_RULES_PER_RUN}`);
        rules.forEach((rule, i) => {
            const ra = `${at}.tool.driver.rules[${i}]`;
            if (typeof rule.id !== "string" || rule.id === "") p(`${ra}.id`, "required");
            for (const field of ["shortDescription", "fullDescription"]) {
                const text = rule[field]?.text;
                if (typeof text !== "string" || text === "") p(`${ra}.${field}.text`, "required");
                else if (text.length > MAX_DESCRIPTION) p(`${ra}.${field}.text`, `at most ${MAX_DESCRIPTION} characters`);
            }
            if (typeof rule.help?.text !== "string" || rule.help.text === "") p(`${ra}.help.text`, "required");
            if (rule.helpUri !== undefined && !isAbsoluteUri(rule.helpUri)) p(`${ra}.helpUri`, "must be an absolute URI");
            const tags = rule.properties?.tags;
            if (tags !== undefined && (!Array.isArray(tags) || tags.length > MAX_TAGS_PER_RULE))
                p(`${ra}.properties.tags`, `a list of at most ${MAX_TAGS_PER_RULE}`);
            const sev = rule.properties?.["security-severity"];
            if (sev !== undefined && (typeof sev !== "string" || !/^\d+(\.\d+)?$/.test(sev) || Number(sev) > 10))
                p(`${ra}.properties.security-severity`, "a number from 0.0 to 10.0, as a string");
        });
        const results: Json[] = run.results ?? [];
        if (!Array.isArray(run.results)) p(`${at}.results`, "required (an empty list when there are no findings)");
        if (results.length > MAX_RESULTS_PER_RUN) p(`${at}.results`, `at most ${MAX_RESULTS_PER_RUN}`);
        results.forEach((res, i) => {
            const ra = `${at}.results[${i}]`;
            const ruleId = res.ruleId ?? res.rule?.id;
            if (typeof ruleId !== "string" || ruleId === "") p(`${ra}.ruleId`, "required");
            if (res.ruleIndex !== undefined && rules[res.ruleIndex]?.id !== ruleId) p(`${ra}.ruleIndex`, `must index the rule ${ruleId}`);
            if (typeof res.message?.text !== "string" || res.message.text === "") p(`${ra}.message.text`, "required");
            if (res.level !== undefined && !LEVELS.includes(res.level)) p(`${ra}.level`, `one of ${LEVELS.join(", ")}`);
            const fps = res.partialFingerprints;
            if (
                !fps ||
                typeof fps !== "object" ||
                Object.keys(fps).length === 0 ||
                Object.values(fps).some((v) => typeof v !== "string" || v === "")
            )
                p(`${ra}.partialFingerprints`, "required, with string values");
            const locations: Json[] = res.locations ?? [];
            if (locations.length === 0) p(`${ra}.locations`, "at least one location required");
            if (locations.length > MAX_LOCATIONS_PER_RESULT) p(`${ra}.locations`, `at most ${MAX_LOCATIONS_PER_RESULT}`);
            locations.forEach((loc, j) => {
                const la = `${ra}.locations[${j}].physicalLocation`;
                const phys = loc.physicalLocation;
                if (!phys) {
                    p(la, "required (GitHub places every alert in a file)");
                    return;
                }
                if (!isRepositoryRelative(phys.artifactLocation?.uri))
                    p(
                        `${la}.artifactLocation.uri`,
                        `a path relative to the repository root, found ${JSON.stringify(phys.artifactLocation?.uri)}`,
                    );
                const line = phys.region?.startLine;
                if (!Number.isInteger(line) || line < 1) p(`${la}.region.startLine`, "an integer >= 1");
            });
        });
    });
    return problems;
}
