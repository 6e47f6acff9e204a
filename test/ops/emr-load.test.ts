import * as fs from 'fs';
import { Readable } from 'stream';
import { gzipSync } from 'zlib';
import { DynamoAggregateStore } from '../../lambda/adapters/dynamo-aggregate-store';
import { toJSON } from '../../lambda/core/aggregate';
import { parseDebateConfig, type DebateConfig } from '../../lambda/core/debate-config';
import { ensureTable } from '../../lib/local/emulators';
import { batchShardId, LOAD_CHUNK, loadAggregates, textLines } from '../../lib/ops/emr/load-aggregates';
import { PartialMerger, PostAggregator } from '../../lib/ops/emr/partials';
import { createScorer } from '../../lambda/core/sentiment';
import { useEmulators } from '../support/emulators';
import { GOP } from '../support/cli';

const aws = useEmulators();
const config = (parseDebateConfig(fs.readFileSync(GOP, 'utf8')) as { ok: true; config: DebateConfig }).config;
const T0 = Date.parse('2015-09-17T01:00:00.000Z');

/** The job's output for a few posts, made by the same two passes the cluster runs. */
function jobOutput(): string[] {
  const first = new PostAggregator(config, createScorer('afinn'), 5000);
  ['Trump is great', 'Jeb Bush so bad', 'Trump awful', 'Carson good'].forEach((text, i) =>
    first.add(
      JSON.stringify({
        data: { id: String(10 + i), text, author_id: '1', created_at: new Date(T0 + i * 4000).toISOString() },
        includes: { users: [{ id: '1', username: 'u', name: 'U' }] },
      }),
    ),
  );
  const merger = new PartialMerger({ hashtags: 50, words: 100 });
  for (const l of first.lines()) merger.add(JSON.stringify(l));
  return merger.lines().map((l) => JSON.stringify(l));
}

async function* each(lines: string[]) {
  yield* lines;
}

describe('loadAggregates', () => {
  test('GIVEN the job output WHEN loaded twice into DynamoDB THEN the API store reads it back and the second load writes nothing', async () => {
    // GIVEN
    const table = 'emr-load';
    await ensureTable(aws().dynamo, table);
    const store = new DynamoAggregateStore({ client: aws().dynamo, tableName: table });
    const lines = jobOutput();
    const options = { store, config, runId: 'r1', bucketMs: 5000, scorer: 'afinn', asDebateId: 'gop-rerun' };
    // WHEN
    const first = await loadAggregates(each(lines), options);
    const again = await loadAggregates(each(lines), options);
    // THEN
    expect(first).toMatchObject({ debateId: 'gop-rerun', shardId: 'batch-r1', buckets: lines.length });
    expect(first.itemsWritten).toBeGreaterThan(0);
    expect(again).toMatchObject({ itemsWritten: 0, itemsSkipped: first.itemsWritten });
    const trump = await store.readBuckets('gop-rerun', 'trump', T0 - 60_000, T0 + 60_000);
    const expected = lines
      .map((l) => JSON.parse(l) as { candidate: string; bucketStart: number; agg: unknown })
      .filter((l) => l.candidate === 'trump');
    expect([...trump].map(([t, a]) => ({ t, agg: toJSON(a) }))).toEqual(
      expected.map((l) => ({ t: l.bucketStart, agg: l.agg })),
    );
    expect((await store.getDebate('gop-rerun'))?.scorer).toBe('afinn');
  });

  test('GIVEN more buckets than one chunk, sharing items across chunks WHEN loaded THEN every chunk is counted', async () => {
    // GIVEN: 3 × LOAD_CHUNK one-post buckets of one candidate, so chunks meet inside blocks
    const table = 'emr-load-chunks';
    await ensureTable(aws().dynamo, table);
    const store = new DynamoAggregateStore({ client: aws().dynamo, tableName: table });
    const aggregator = new PostAggregator(config, createScorer('afinn'), 5000);
    const n = 3 * LOAD_CHUNK;
    for (let i = 0; i < n; i++)
      aggregator.add(
        JSON.stringify({
          data: {
            id: String(100 + i),
            text: 'Trump',
            author_id: '1',
            created_at: new Date(T0 + i * 5000).toISOString(),
          },
          includes: { users: [{ id: '1', username: 'u', name: 'U' }] },
        }),
      );
    const merger = new PartialMerger({ hashtags: 50, words: 100 });
    for (const l of aggregator.lines()) merger.add(JSON.stringify(l));
    const lines = merger.lines().map((l) => JSON.stringify(l));
    // WHEN
    await loadAggregates(each(lines), { store, config, runId: 'r2', bucketMs: 5000, scorer: 'afinn' });
    // THEN the whole run reads back from the 1-min and 10-min rollups too
    for (const stepMs of [5000, 60_000, 600_000]) {
      const got = await store.readSeries({
        debateId: config.id,
        bucketMs: 5000,
        candidates: ['trump'],
        from: T0,
        to: T0 + 3 * 3600_000,
        stepMs,
      });
      const counts = [...(got.get('trump') ?? new Map<number, { count: number }>()).values()];
      expect(counts.reduce((a, s) => a + s.count, 0)).toBe(n);
    }
  });

  test('rejects output of another debate and a run id outside the key alphabet', async () => {
    const store = new DynamoAggregateStore({ client: aws().dynamo, tableName: 'unused' });
    const other = jobOutput().map((l) => l.replace('"gop-2015-09-16"', '"other"'));
    await expect(
      loadAggregates(each(other), { store, config, runId: 'r', bucketMs: 5000, scorer: 'vader' }),
    ).rejects.toThrow(/holds debate "other"/);
    expect(() => batchShardId('a/b')).toThrow(RangeError);
  });

  test('GIVEN a gzip part file WHEN read as lines THEN it is gunzipped', async () => {
    const lines: string[] = [];
    for await (const l of textLines(Readable.from([gzipSync('a\nb\n')]))) lines.push(l);
    expect(lines).toEqual(['a', 'b']);
  });
});
