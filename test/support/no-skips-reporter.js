// Under CI, a skipped or to-do test is a failure: a skip hides a test that no longer runs, and a
// test that needs a missing system package must say so loudly, not pass silently.
'use strict';

class NoSkipsReporter {
  onRunComplete(_contexts, results) {
    if (process.env.CI !== 'true') return;
    const skipped = results.numPendingTests + results.numTodoTests;
    if (skipped > 0) {
      const names = results.testResults
        .flatMap((file) =>
          file.testResults
            .filter((t) => t.status === 'pending' || t.status === 'todo')
            .map((t) => t.fullName),
        )
        .slice(0, 20);
      process.stderr.write(`\n${skipped} test(s) skipped under CI:\n  ${names.join('\n  ')}\n`);
      this.failed = true;
    }
  }

  getLastError() {
    return this.failed ? new Error('tests were skipped under CI') : undefined;
  }
}

module.exports = NoSkipsReporter;
