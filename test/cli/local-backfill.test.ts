/** `trendoff local --backfill-minutes`: validated before anything starts, one line on a bad value. */
import { buildCli, runCli } from '../support/cli';

describe('trendoff local --backfill-minutes', () => {
  beforeAll(buildCli);

  test('fails if the value is out of 0-5, with one line naming the flag and the range', () => {
    const r = runCli(['local', '--source', 'x', '--backfill-minutes', '9'], undefined, {
      TRENDOFF_X_BEARER_TOKEN: 'token',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      '--backfill-minutes must be a whole number of minutes from 0 (off) to 5, got "9"',
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('fails if the environment default is invalid, naming the variable', () => {
    const r = runCli(['local', '--source', 'x'], undefined, {
      TRENDOFF_X_BEARER_TOKEN: 'token',
      TRENDOFF_X_BACKFILL_MINUTES: 'lots',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('TRENDOFF_X_BACKFILL_MINUTES must be a whole number of minutes');
  });

  test('fails if given for another source', () => {
    const r = runCli(['local', '--backfill-minutes', '2']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--backfill-minutes is for --source x');
  });
});
