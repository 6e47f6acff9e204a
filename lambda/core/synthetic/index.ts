/**
 * The seeded synthetic debate generator and the wire-format encoders (X API v2 filtered stream,
 * X API v1.1 status, trendoff's CSV).
 */
import type { DebateConfig } from '../debate-config';
import { encodeCsvRow } from './encode-csv';
import { encodeV1 } from './encode-v1';
import { encodeV2 } from './encode-v2';
import type { GeneratedRecord } from './record';

export { debatePlan, generateDebate, MAX_MINUTES, MAX_RATE, type GeneratorOptions } from './generator';
export { CSV_HEADER, encodeCsvRow } from './encode-csv';
export { encodeV1 } from './encode-v1';
export { buildV2, encodeV2, ruleId, type V2StreamPayload, type V2Tweet, type V2User } from './encode-v2';
export { MAX_POST_CHARS } from './malformed';
export type { GeneratedMalformed, GeneratedRecord, GeneratedTweet, TweetContext } from './record';
export type { DebatePlan, Moment, MomentKind, QuietStretch } from './script';
export { snowflakeId, snowflakeTime, SNOWFLAKE_EPOCH_MS } from './snowflake';

/** One line for a generated record in its run's format: the encoded tweet, or the malformed raw text. */
export function encodeRecord(record: GeneratedRecord, config: DebateConfig): string {
  if (record.kind === 'malformed') return record.raw;
  switch (record.tweet.format) {
    case 'x-v2':
      return encodeV2(record.tweet, config, record.context);
    case 'x-v1':
      return encodeV1(record.tweet, record.context);
    case 'csv':
      return encodeCsvRow(record.tweet);
  }
}
