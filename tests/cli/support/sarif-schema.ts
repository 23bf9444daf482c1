import Ajv from "ajv-draft-04";

/**
 * The SARIF 2.1.0 JSON schema (draft-04) as the pinned @microsoft/jest-sarif package ships it, compiled by the pinned
 * Ajv; formats checked where GitHub relies on them (URIs), accepted otherwise. The schema's `language` pattern is not
 * valid as a Unicode regular expression (a stray `]`), hence non-Unicode patterns, as draft-04 validators use.
 */
const SCHEMA_PATH = "@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json";

function isUri(value: string): boolean {
    try {
        new URL(value);
        return true;
    } catch {
        return false;
    }
}

export function sarifValidator(): (doc: unknown) => string[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const schema = require(SCHEMA_PATH) as Record<string, unknown>;
    const ajv = new Ajv({
        allErrors: true,
        strict: false,
        unicodeRegExp: false,
        formats: { uri: isUri, "uri-reference": true, "date-time": true },
    });
    const validate = ajv.compile(schema);
    return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? ""}`));
}
