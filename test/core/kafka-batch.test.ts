import { buildBatch } from '../../lambda/core/batch';
import { kafkaBatchInput, kafkaShardId } from '../../lambda/core/kafka-batch';
import { parseDebateConfig } from '../../lambda/core/debate-config';
import { createTweetPipeline } from '../../lambda/core/pipeline';
import { createScorer } from '../../lambda/core/sentiment';
import { encodeRecord, generateDebate } from '../../lambda/core/synthetic';
import * as fs from 'fs';
import * as path from 'path';

const parsed = parseDebateConfig(
  fs.readFileSync(path.join(__dirname, '../../examples/pres-2016-09-26.json'), 'utf8'),
);
if (!parsed.ok) throw new Error('example invalid');
const config = parsed.config;

describe('kafkaBatchInput', () => {
  test("GIVEN a partition's messages WHEN mapped THEN the partition is the shard and each offset its sequence number", () => {
    const input = kafkaBatchInput('trendoff-posts', 2, [
      { offset: '7', timestampMs: 1000, value: '{"a":1}' },
      { offset: '9', timestampMs: 1500, value: 'not json' },
    ]);
    expect(input).toEqual({
      shardId: 'trendoff-posts-2',
      lines: [
        { sequenceNumber: '7', arrivalMs: 1000, line: '{"a":1}' },
        { sequenceNumber: '9', arrivalMs: 1500, line: 'not json' },
      ],
    });
  });

  test('GIVEN offsets past 2^53 WHEN mapped THEN they are kept exactly', () => {
    const input = kafkaBatchInput('t', 0, [{ offset: '9007199254740993', timestampMs: 0, value: '' }]);
    expect(input.lines[0]!.sequenceNumber).toBe('9007199254740993');
  });

  test('GIVEN mapped messages WHEN the core builds the batch THEN its watermark range is the offsets', () => {
    const lines = [...generateDebate(config, { minutes: 1, rate: 3, seed: 'kafka' })].map((r) =>
      encodeRecord(r, config),
    );
    const input = kafkaBatchInput(
      'trendoff-posts',
      0,
      lines.map((value, i) => ({ offset: String(100 + i), timestampMs: 5000 + i, value })),
    );
    const pipeline = createTweetPipeline({ config, scorer: createScorer('vader') });
    const { delta, counts } = buildBatch(input.lines, {
      pipeline,
      debateId: config.id,
      shardId: input.shardId,
      bucketMs: 5000,
    });
    expect(delta).toMatchObject({
      shardId: 'trendoff-posts-0',
      firstSequence: '100',
      lastSequence: String(100 + lines.length - 1),
      newestArrivalAt: 5000 + lines.length - 1,
    });
    expect(counts.records).toBe(lines.length);
  });

  test('fails if offsets do not increase', () => {
    expect(() =>
      kafkaBatchInput('t', 1, [
        { offset: '5', timestampMs: 0, value: '' },
        { offset: '5', timestampMs: 0, value: '' },
      ]),
    ).toThrow('t-1: offsets must increase, got 5 after 5');
  });

  test('fails if an offset is not a decimal integer', () => {
    expect(() => kafkaBatchInput('t', 0, [{ offset: '-1', timestampMs: 0, value: '' }])).toThrow(
      'offset must be a non-negative decimal integer, got "-1"',
    );
  });

  test('fails if the partition is negative or the topic empty', () => {
    expect(() => kafkaShardId('t', -1)).toThrow('partition must be a non-negative integer, got -1');
    expect(() => kafkaShardId('', 0)).toThrow('topic must not be empty');
  });
});
