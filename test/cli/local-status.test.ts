/**
 * What `trendoff local` tells a person on stderr (not a terminal here) while it runs: the status
 * line names the processing lag, and a finished source is announced with the way to start over.
 */
import { buildCli, spawnCli } from '../support/cli';

beforeAll(buildCli);

describe('trendoff local status', () => {
  test('GIVEN a short synthetic source WHEN it has been sent THEN local says it ended and that --fresh starts over', async () => {
    // GIVEN
    const child = spawnCli([
      'local',
      '--memory',
      '--port',
      '0',
      '--minutes',
      '0.05',
      '--rate',
      '40',
      '--speed',
      'max',
    ]);
    let stderr = '';
    try {
      // WHEN
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (c: Buffer) => {
          stderr += c.toString('utf8');
          if (/has ended/.test(stderr)) resolve();
        });
        child.on('exit', () => reject(new Error(`ended before the source did: ${stderr}`)));
      });
      child.kill('SIGTERM');
      const status = await new Promise((r) => child.on('close', r));
      // THEN
      expect(stderr).toMatch(
        /^trendoff local: the source has ended \(\d+ records sent in all\); the API and dashboard stay up until Ctrl-C; run again with --fresh to start over$/m,
      );
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(status).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
