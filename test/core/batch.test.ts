import * as fs from 'fs';
import * as path from 'path';
import { addToBuckets, type CandidateBuckets } from '../../lambda/core/aggregate';
import { buildBatch, type StreamLine } from '../../lambda/core/batch';
import { parseDebateConfig } from '../../lambda/core/debate-config';
import { createTweetPipeline } from '../../lambda/core/pipeline';
import { createScorer } from '../../lambda/core/sentiment';
import { encodeRecord, generateDebate } from '../../lambda/core/synthetic';

const parsed = parseDebateConfig(
  fs.readFileSync(path.join(__dirname, '../../examples/gop-2015-09-16.json'), 'utf8'),
);
if (!parsed.ok) throw new Error('example invalid');
const config = parsed.config;
const scorer = createScorer('vader');

describe('buildBatch', () => {
  const records = [...generateDebate(config, { minutes: 2, rate: 20, seed: 'batch', malformedRate: 0.02 })];
  const lines: StreamLine[] = records.map((r, i) => ({
    sequenceNumber: String(1000 + i),
    arrivalMs: 1_700_000_000_000 + i,
    line: encodeRecord(r, config),
  }));

  test('GIVEN a batch of stream lines WHEN built THEN its buckets equal the core aggregating the same posts', () => {
    // GIVEN the expected buckets computed directly by the core
    const expected: CandidateBuckets = new Map();
    const reference = createTweetPipeline({ config, scorer });
    for (const l of lines) {
      const o = reference.fromJsonLine(l.line);
      if (o.kind === 'scored') addToBuckets(expected, o.scored, 5000);
    }
    // WHEN
    const result = buildBatch(lines, {
      pipeline: createTweetPipeline({ config, scorer }),
      debateId: config.id,
      shardId: 's-0',
      bucketMs: 5000,
    });
    // THEN
    const got: CandidateBuckets = new Map();
    for (const b of result.delta.buckets) {
      const series = got.get(b.candidate) ?? new Map();
      series.set(b.bucketStart, b.aggregate);
      got.set(b.candidate, series);
    }
    expect(got).toEqual(expected);
    expect(result.delta.lastSequence).toBe(lines[lines.length - 1]!.sequenceNumber);
    expect(result.delta.newestArrivalAt).toBe(lines[lines.length - 1]!.arrivalMs);
  });

  test('GIVEN malformed records WHEN built THEN each is counted and listed for the quarantine with its sequence', () => {
    const result = buildBatch(lines, {
      pipeline: createTweetPipeline({ config, scorer }),
      debateId: config.id,
      shardId: 's-0',
      bucketMs: 5000,
    });
    const malformed = records.flatMap((r, i) => (r.kind === 'malformed' ? [lines[i]!.sequenceNumber] : []));
    expect(malformed.length).toBeGreaterThan(0);
    expect(result.rejected.map((r) => r.sequenceNumber)).toEqual(malformed);
    expect(result.counts.rejected).toBe(malformed.length);
    const c = result.counts;
    expect(c.scored + c.unmatched + c.otherLanguage + c.duplicate + c.rejected).toBe(lines.length);
  });

  test('GIVEN geotagged posts WHEN built THEN they are grouped by minute with their scores', () => {
    const result = buildBatch(lines, {
      pipeline: createTweetPipeline({ config, scorer }),
      debateId: config.id,
      shardId: 's-0',
      bucketMs: 5000,
    });
    const posts = result.delta.geo.flatMap((g) => g.posts.map((p) => ({ ...p, minute: g.minuteStart })));
    expect(posts.length).toBeGreaterThan(0);
    for (const p of posts) {
      expect(p.minute).toBe(Math.floor(p.t / 60000) * 60000);
      expect(p.candidates.length).toBeGreaterThan(0);
    }
  });

  test('fails if the batch is empty', () => {
    expect(() =>
      buildBatch([], {
        pipeline: createTweetPipeline({ config, scorer }),
        debateId: 'x',
        shardId: 's',
        bucketMs: 5000,
      }),
    ).toThrow('buildBatch needs at least one record');
  });
});
