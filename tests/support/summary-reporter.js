// Spec output for people, plus one machine-readable closing line ("unit: N passed, N failed")
// that scripts/test.sh adds up across suites.
"use strict";
const Mocha = require("mocha");
const fs = require("fs");

class SummaryReporter extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        const suite = process.env.TEST_SUITE_NAME || "tests";
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            const s = runner.stats || { passes: 0, failures: 0, pending: 0 };
            const line = `${suite}: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`;
            console.log(line);
            if (process.env.TEST_SUMMARY_FILE) fs.appendFileSync(process.env.TEST_SUMMARY_FILE, `${s.passes} ${s.failures} ${s.pending}\n`);
        });
    }
}
module.exports = SummaryReporter;
