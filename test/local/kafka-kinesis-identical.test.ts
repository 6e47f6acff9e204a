/**
 * The two streams give the same answer: `trendoff local --source replay --speed max --once` on one
 * replay file with bad lines and copies of posts mixed in prints identical `per_candidate` and
 * `rejected` with `--stream kafka` (the local Kafka-protocol broker, two consumer-group workers) and
 * `--stream kinesis` (kinesalite, the Lambda-style driver).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseDebateConfig } from '../../lambda/core/debate-config';
import { encodeRecord, generateDebate } from '../../lambda/core/synthetic';
import { buildCli, GOP, runCliAsync } from '../support/cli';
import { describeWithBroker } from '../support/kafka';

const parsed = parseDebateConfig(fs.readFileSync(GOP, 'utf8'));
if (!parsed.ok) throw new Error('example invalid');
const config = parsed.config;

interface Summary {
  readonly tweets_in: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly per_candidate: Record<string, number>;
}

describeWithBroker('trendoff local --stream kafka and --stream kinesis', () => {
  let dir: string;
  let input: string;
  const BAD = [
    'a title line, not a post',
    '{"data": {"id": "9002", "text": "cut off',
    '[1, 2, 3]',
    '{"hello": "world"}',
    // Multi-byte characters: under the 1 MiB line limit, over the streams' 1 MiB record limit.
    `{"x":"${'€'.repeat(349_520)}"}`,
  ];

  beforeAll(() => {
    buildCli();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-identical-'));
    const good = [...generateDebate(config, { minutes: 3, rate: 12, seed: 'identical' })].map((r) =>
      encodeRecord(r, config),
    );
    const lines = [...good];
    BAD.forEach((l, i) => lines.splice(30 + i * 200, 0, l));
    // Copies of posts, as X delivers now and then: counted once on both paths.
    for (const i of [5, 400, 900]) lines.splice(i + 7, 0, good[i]!);
    input = path.join(dir, 'replay.jsonl');
    fs.writeFileSync(input, lines.join('\n') + '\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = async (stream: string, extra: string[] = []): Promise<Summary> => {
    const r = await runCliAsync([
      'local',
      '--memory',
      '--port',
      '0',
      '--stream',
      stream,
      ...extra,
      '--source',
      'replay',
      '--input',
      input,
      '--speed',
      'max',
      '--once',
    ]);
    if (r.status !== 0) throw new Error(`--stream ${stream} failed (${r.status}): ${r.stderr}`);
    return JSON.parse(r.stdout) as Summary;
  };

  test('GIVEN one replay with bad lines and copies WHEN run on each stream THEN per_candidate and rejected are identical', async () => {
    const kinesis = await run('kinesis');
    const kafka = await run('kafka', ['--shards', '3', '--workers', '2']);
    expect(kafka.per_candidate).toEqual(kinesis.per_candidate);
    expect(kafka.rejected).toBe(kinesis.rejected);
    // The comparison means something: every bad line rejected, copies dropped, posts counted.
    expect(kinesis.rejected).toBe(BAD.length);
    expect(kinesis.duplicates).toBe(3);
    expect(Object.values(kinesis.per_candidate).reduce((a, b) => a + b, 0)).toBeGreaterThan(500);
  }, 240_000);
});
