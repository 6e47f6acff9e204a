import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildCli, runCli, spawnCli } from '../support/cli';

beforeAll(buildCli);

const jsonLines = (s: string): Record<string, unknown>[] =>
  s
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('trendoff score', () => {
  test('GIVEN lines of text WHEN scored with vader THEN one result per line with the reference values', () => {
    // GIVEN two of the vaderSentiment README examples and an empty line
    const input = 'VADER is VERY SMART, handsome, and FUNNY.\n\nThe book was good.\n';
    // WHEN
    const r = runCli(['score'], input);
    // THEN
    expect(r.status).toBe(0);
    const out = jsonLines(r.stdout);
    expect(out.map((o) => o.compound)).toEqual([0.9227, 0, 0.4404]);
    expect(out[2]).toEqual(expect.objectContaining({ pos: 0.492, neu: 0.508, neg: 0 }));
    expect(out[2].tokens).toEqual([{ token: 'good', value: expect.any(Number) }]);
  });

  test('GIVEN JSON lines with good and bad records WHEN scored THEN bad lines get an error line in place', () => {
    const v2 = JSON.stringify({
      data: {
        id: '1570000000000000001',
        text: 'Trump is great',
        author_id: '7',
        created_at: '2022-09-14T01:00:00.000Z',
      },
      includes: { users: [{ id: '7', username: 'u', name: 'U' }] },
    });
    const input = [
      v2,
      '{not json',
      JSON.stringify({ id: 9, text: 'so bad' }),
      JSON.stringify({ nope: 1 }),
      '[1]',
    ].join('\n');
    const r = runCli(['score', '--format', 'jsonl', '--lexicon', 'afinn'], input);
    expect(r.status).toBe(0);
    const out = jsonLines(r.stdout);
    expect(out).toHaveLength(5);
    expect(out[0]).toEqual(expect.objectContaining({ id: '1570000000000000001', score: 3 }));
    expect(out[1]).toEqual({ line: 2, error: expect.stringMatching(/^not JSON/) });
    expect(out[2]).toEqual(expect.objectContaining({ id: '9', score: -3 }));
    expect(out[3]).toEqual({ line: 4, error: 'no "text" string field' });
    expect(out[4]).toEqual({ line: 5, error: 'expected a JSON object' });
  });

  test('GIVEN a labMT file WHEN scored with labmt THEN the lens average is reported', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-')), 'labmt.txt');
    fs.writeFileSync(file, 'happy\t8\nsad\t2\nthe\t5\n');
    const r = runCli(['score', '--lexicon', 'labmt', '--labmt-file', file], 'happy happy sad the\n');
    expect(jsonLines(r.stdout)[0]).toEqual(expect.objectContaining({ score: 6 }));
  });

  test('fails if labmt is asked for without a word list, with a one-line usage error and status 2', () => {
    const r = runCli(['score', '--lexicon', 'labmt'], 'x\n', { TRENDOFF_LABMT_FILE: '' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'trendoff score: --lexicon labmt needs --labmt-file F (or TRENDOFF_LABMT_FILE) (see --help)',
    ]);
  });

  test('fails if an option is unknown or a value is not a choice', () => {
    expect(runCli(['score', '--bogus'], '').status).toBe(2);
    const r = runCli(['score', '--lexicon', 'nope'], '');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--lexicon must be one of vader, afinn, labmt, got "nope"');
  });

  test('GIVEN --help WHEN run THEN usage is printed and the status is 0', () => {
    const r = runCli(['score', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: trendoff score/);
  });

  test('GIVEN a line over 1 MiB WHEN scored THEN it gets an error line and the next line is scored', () => {
    const r = runCli(['score', '--lexicon', 'afinn'], 'x'.repeat(1.5 * 1024 * 1024) + '\ngood\n');
    const out = jsonLines(r.stdout);
    expect(out[0]).toEqual({ line: 1, error: expect.stringContaining('longer than the 1 MiB limit') });
    expect(out[1]).toEqual(expect.objectContaining({ score: 3 }));
  });

  test('GIVEN a million lines WHEN scored under a 64 MB heap THEN every line is answered (streaming, constant memory)', async () => {
    // GIVEN a child whose heap cannot hold the input or the output
    const child = spawnCli(['score', '--lexicon', 'afinn'], ['--max-old-space-size=64']);
    const total = 1_000_000;
    let answered = 0;
    let partial = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      answered += parts.length;
    });
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));
    // WHEN a million lines are written with back-pressure
    const line = 'what a great answer, not bad at all #GOPDebate\n'.repeat(1000);
    for (let i = 0; i < total / 1000; i++) {
      if (!child.stdin.write(line)) await new Promise((r) => child.stdin.once('drain', r));
    }
    child.stdin.end();
    // THEN
    expect(await done).toBe(0);
    expect(answered).toBe(total);
  });
});
