import { PassThrough } from 'stream';
import { deriveStreamRules } from '../../lambda/core/stream-rules';
import { diffRules } from '../../lambda/x/rules-diff';
import { runRules } from '../../lib/cli/rules-command';
import { InputError } from '../../lib/cli/command-args';
import { loadDebateConfig } from '../../lib/cli/debate-file';
import { XTestServer, v2Post } from './support/x-test-server';

const TOKEN = 'rules-token';
const DEBATE = 'examples/gop-2015-09-16.json';

async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c) => (out += String(c)));
  const code = await runRules(argv, { stdout, env });
  return { code, out };
}

describe('X stream rules', () => {
  test('GIVEN current rules WHEN diffed with the wanted ones THEN unchanged rules are kept, stale ones deleted, missing ones added', () => {
    // GIVEN
    const wanted = [
      { value: 'trump', tag: 'trump' },
      { value: '(bush OR jeb)', tag: 'bush' },
    ];
    const existing = [
      { id: '1', value: 'trump', tag: 'trump' },
      { id: '2', value: 'bush', tag: 'bush' },
      { id: '3', value: 'trump', tag: 'other' },
    ];
    // WHEN
    const diff = diffRules(wanted, existing);
    // THEN
    expect(diff.keep.map((r) => r.id)).toEqual(['1']);
    expect(diff.delete.map((r) => r.id)).toEqual(['2', '3']);
    expect(diff.add).toEqual([{ value: '(bush OR jeb)', tag: 'bush' }]);
  });

  test('GIVEN a stream with stale rules WHEN rules sync runs THEN only the difference is applied, a dry run changes nothing, and a second sync is a no-op', async () => {
    // GIVEN
    const server = new XTestServer({ token: TOKEN, post: v2Post, total: 0 });
    const url = await server.listen();
    server.rules = [{ id: 'old', value: 'stale', tag: 'x' }];
    const env = { TRENDOFF_X_BEARER_TOKEN: TOKEN, TRENDOFF_X_API_URL: url };
    const wanted = deriveStreamRules(loadDebateConfig(DEBATE));
    if (!wanted.ok) throw new Error(wanted.error);
    try {
      // WHEN
      const dry = await cli(['sync', '--debate', DEBATE, '--dry-run'], env);
      const afterDry = server.rules.length;
      const first = await cli(['sync', '--debate', DEBATE], env);
      const requests = server.ruleRequests.length;
      const second = await cli(['sync', '--debate', DEBATE], env);
      const listed = await cli(['list'], env);
      // THEN
      expect(dry.code).toBe(0);
      expect(JSON.parse(dry.out)).toMatchObject({ dryRun: true, deleted: [{ id: 'old' }] });
      expect(afterDry).toBe(1);
      expect(first.code).toBe(0);
      expect(server.rules.map((r) => ({ value: r.value, tag: r.tag }))).toEqual(wanted.rules);
      expect(JSON.parse(second.out)).toMatchObject({ added: [], deleted: [], kept: wanted.rules.length });
      expect(server.ruleRequests.length).toBe(requests);
      expect(JSON.parse(listed.out).rules).toHaveLength(wanted.rules.length);
      expect(server.userAgents.every((u) => u.startsWith('trendoff/'))).toBe(true);
    } finally {
      await server.close();
    }
  });

  test('rejects a wrong token with a message naming the fix', async () => {
    // GIVEN
    const server = new XTestServer({ token: TOKEN, post: v2Post, total: 0 });
    const url = await server.listen();
    try {
      // WHEN
      const run = cli(['list'], { TRENDOFF_X_BEARER_TOKEN: 'wrong', TRENDOFF_X_API_URL: url });
      // THEN
      await expect(run).rejects.toThrow(InputError);
      await expect(
        cli(['list'], { TRENDOFF_X_BEARER_TOKEN: 'wrong', TRENDOFF_X_API_URL: url }),
      ).rejects.toThrow(/TRENDOFF_X_BEARER_TOKEN/);
    } finally {
      await server.close();
    }
  });
});
