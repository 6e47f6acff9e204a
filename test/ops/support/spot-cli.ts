/**
 * Test-only entry running `trendoff spot` as its own process (the command is not in bin/trendoff.ts
 * yet), with the CLI's exit statuses: 0 done, 1 failure, 2 usage.
 */
import { runSpot } from '../../../lib/cli/spot-command';
import { UsageError } from '../../../lib/cli/command-args';

runSpot(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`trendoff spot: ${(err as Error).message}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  },
);
