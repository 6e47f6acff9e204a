import { PassThrough, Readable } from 'stream';
import * as fs from 'fs';
import { runCluster } from '../../lib/cli/cluster-command';
import { buildCli, GOP, runCli } from '../support/cli';

beforeAll(buildCli);

const T0 = Date.parse('2015-09-17T01:00:00.000Z');
const TEXTS = [
  'Trump is great',
  'Jeb Bush was so bad tonight',
  'Trump and Jeb both awful',
  'Carson calm and good',
];

/** X API v2 lines, one post every 700 ms, cycling through TEXTS; post 5 is repeated (a redelivery). */
function posts(n: number): string[] {
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      data: {
        id: String(1_000_000 + i),
        text: `${TEXTS[i % TEXTS.length]} #GOPDebate`,
        author_id: String(i % 7),
        created_at: new Date(T0 + i * 700).toISOString(),
        lang: 'en',
      },
      includes: { users: [{ id: String(i % 7), username: `u${i % 7}`, name: 'U' }] },
    }),
  );
  return [...lines, lines[5] as string];
}

async function cluster(argv: string[], input: string, env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const status = await runCluster(argv, { stdin: Readable.from([input]), stdout, stderr, env });
  return {
    status,
    lines: Buffer.concat(chunks)
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== ''),
  };
}

describe('the re-analysis pipe programs', () => {
  test('GIVEN posts in any order WHEN piped through `trendoff score` THEN line i of the output answers line i', () => {
    // GIVEN posts, a broken line and a blank line, in reverse order (the pipe contract Spark relies on)
    const input = [...posts(6).reverse(), '{broken', ''];
    // WHEN
    const r = runCli(['score', '--format', 'jsonl', '--lexicon', 'afinn'], input.join('\n') + '\n');
    // THEN
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(r.status).toBe(0);
    expect(out).toHaveLength(input.length);
    input.slice(0, 7).forEach((line, i) => {
      expect(out[i]).toEqual(
        expect.objectContaining({ id: (JSON.parse(line) as { data: { id: string } }).data.id }),
      );
    });
    expect(out[7]).toEqual({ line: 8, error: expect.stringMatching(/^not JSON/) });
    expect(out[8]).toEqual({ line: 9, error: 'empty line' });
  });

  test('GIVEN a debate split over partitions WHEN aggregated per partition and merged THEN it equals one pass over all posts', async () => {
    // GIVEN
    const env = { TRENDOFF_DEBATE: fs.readFileSync(GOP, 'utf8') };
    const all = posts(40);
    const args = ['aggregate', '--lexicon', 'afinn', '--bucket-ms', '5000'];
    // WHEN, as the job does, byte-identical lines are dropped (Spark distinct), three partitions
    // are aggregated, and their partials shuffled and merged
    const distinct = [...new Set(all)];
    const parts = await Promise.all(
      [distinct.slice(0, 13), distinct.slice(13, 30), distinct.slice(30)].map((p) =>
        cluster(args, p.join('\n'), env),
      ),
    );
    const partials = parts.flatMap((p) => p.lines).reverse();
    const merged = await cluster([...args, '--merge'], partials.join('\n'));
    // AND the whole input, redelivery included, is aggregated in one partition (the core de-duplicates)
    const single = await cluster(args, all.join('\n'), env);
    const singleMerged = await cluster([...args, '--merge'], single.lines.join('\n'));
    // THEN
    expect(merged.status).toBe(0);
    expect(merged.lines).toEqual(singleMerged.lines);
    const rows = merged.lines.map(
      (l) => JSON.parse(l) as { candidate: string; bucketStart: number; agg: { count: number } },
    );
    expect(new Set(rows.map((r) => r.candidate))).toEqual(new Set(['trump', 'bush', 'carson']));
    // 40 posts, 1 in 4 about both Trump and Bush: each post counted once per candidate it names
    const total = rows.reduce((n, r) => n + r.agg.count, 0);
    expect(total).toBe(40 + 10);
    expect(rows.every((r) => r.bucketStart % 5000 === 0 && r.bucketStart >= T0)).toBe(true);
  });

  test('rejects a merge input line that is not an aggregate line, naming the line', async () => {
    await expect(
      cluster(
        ['aggregate', '--merge'],
        '{"debateId":"d","candidate":"c","bucketStart":0,"agg":{"count":-1}}\n',
      ),
    ).rejects.toThrow(/line 1: agg\.count/);
  });

  test('fails if no debate config is given to the first pass', async () => {
    await expect(cluster(['aggregate'], '{}\n', {})).rejects.toThrow(/--debate F or TRENDOFF_DEBATE/);
  });
});
