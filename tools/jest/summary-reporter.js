// Prints one plain closing line ("tests: N passed, N failed[, N skipped]") so that any CI
// reading the end of the log can tell how many tests ran without parsing Jest's summary.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failedSuites = results.numRuntimeErrorTestSuites;
    const failed = results.numFailedTests + failedSuites;
    const line = `tests: ${results.numPassedTests} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : '');
    process.stdout.write(`\n${line}\n`);
    // infra/local/test.sh repeats it as the very last line of `npm test`.
    if (process.env.IRONCAGE_TEST_SUMMARY_FILE) require('node:fs').writeFileSync(process.env.IRONCAGE_TEST_SUMMARY_FILE, `${line}\n`);
  }
}
module.exports = SummaryReporter;
