// Mocha's spec reporter, plus a closing line that CI reads: "<label>: N passed, M failed, K skipped".
'use strict';
const Mocha = require('mocha');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const label = (options && options.reporterOptions && options.reporterOptions.label) || process.env.HASHPIVOT_TEST_LABEL || 'tests';
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats || { passes: 0, failures: 0, pending: 0 };
      // After the spec reporter's epilogue.
      process.nextTick(() => console.log(`${label}: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`));
    });
  }
}
module.exports = SummaryReporter;
