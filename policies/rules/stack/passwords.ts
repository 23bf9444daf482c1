import { ofType } from "../../lib/kubernetes/types";
import { resourceRule } from "../../lib/rule";

const CLASSES = ["upper", "lower", "numeric", "special"];

export const randomPasswordStrength = resourceRule<{ minLength: number }>(
    {
        name: "random-password-strength",
        description: "random.RandomPassword must be at least minLength long and use upper, lower, numeric and special characters.",
        remediationSteps:
            "Set length >= the configured minimum and leave upper/lower/numeric/special at their default true (restrict overrideSpecial if a consumer rejects some symbols).",
        severity: "high",
        tags: ["stack", "secrets"],
        configSchema: { properties: { minLength: { type: "integer", minimum: 8, default: 16 } } },
    },
    ofType("random:index/randomPassword:RandomPassword"),
    (ctx) => {
        const length = ctx.props.length;
        if (typeof length !== "number" || length < ctx.config.minLength)
            ctx.report(`length is ${length}; at least ${ctx.config.minLength} required.`);
        // The provider defaults every class to true, so only an explicit false weakens the password.
        const off = CLASSES.filter((c) => ctx.props[c] === false);
        if (off.length > 0) ctx.report(`character classes disabled: ${off.join(", ")}.`);
    },
);
