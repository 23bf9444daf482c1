// ESLint flat config: the recommended JavaScript and typescript-eslint rules over the program, the policy pack, the tools
// and the tests. Formatting is Prettier's business (.prettierrc.json), so no stylistic rules here.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: [
            "node_modules/**",
            "policies/node_modules/**",
            "bin/**",
            "**/*.d.ts",
            ".tools/**",
            "out/**",
            ".pulumi-state/**",
            ".bench/**",
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: "module",
        },
        rules: {
            // tsc (noUnusedLocals/noUnusedParameters) already reports these, with the compiler's exceptions.
            "@typescript-eslint/no-unused-vars": "off",
            "no-duplicate-imports": "error",
            eqeqeq: ["error", "always"],
            // Prettier wraps code at 140; what it cannot wrap must be a string, template, regex or URL (a message kept
            // whole so it can be searched for), never code or a comment.
            "max-len": [
                "error",
                { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
            ],
        },
    },
    {
        // The pack, the tools and the tests read engine-shaped JSON (resource inputs, raw stack config) that has no static
        // type; the program itself (components/, index.ts) stays free of any.
        files: ["policies/**/*.ts", "tools/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
    {
        // The commands load the Pulumi SDK and the mock runner with require() on purpose, after their arguments and config
        // are checked, so a usage error is answered before anything heavy loads.
        files: ["tools/**/*.ts"],
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    {
        files: ["tests/**/*.ts"],
        rules: {
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-non-null-assertion": "off",
        },
    },
    {
        files: ["**/*.js", "**/*.cjs"],
        languageOptions: {
            sourceType: "commonjs",
            globals: { require: "readonly", module: "writable", process: "readonly", __dirname: "readonly", console: "readonly" },
        },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
