// Under CI, a run that is over but cannot exit fails at once instead of holding CI until its time
// limit: tests run in band on two cores, so a test that timed out and left a server, a socket or a
// timer behind keeps Jest alive for good. The timer is unref'd: it fires only when something else
// keeps the process up.
'use strict';

const GRACE_MS = 30_000;

class ExitGuardReporter {
  onRunComplete(_contexts, results) {
    if (process.env.CI !== 'true') return;
    setTimeout(() => {
      process.stderr.write(
        `\nJest was still running ${GRACE_MS / 1000} s after the last test ` +
          `(${results.numFailedTests} failed): a test left a server, socket or timer open; ` +
          'find it with `npx jest --detectOpenHandles <file>`. Exiting with failure.\n',
      );
      process.exit(1);
    }, GRACE_MS).unref();
  }
}

module.exports = ExitGuardReporter;
