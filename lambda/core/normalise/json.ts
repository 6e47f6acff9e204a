/** The front door for JSON sources: detects the payload's shape and dispatches to its normaliser. */

import { reject, type NormaliseResult } from '../tweet';
import { describeValue } from './checks';
import { isObject } from './json-value';
import { normaliseXV1, xV1ControlMessageKind } from './x-v1';
import { normaliseXV2 } from './x-v2';
import { isTweetRecord, normaliseTweetRecord } from './tweet-record';

/**
 * Normalises a parsed JSON value: X API v2 when it has `data` (or is a v2 `errors` payload), X API
 * v1.1 when it has `id_str` or `user` (or is a v1.1 stream control message, which is rejected),
 * trendoff's own record when it has `format` and a numeric `createdAt`; a `{"quarantine": {reason,
 * sample}}` envelope (a record an upstream reader rejected) comes back rejected with its reason.
 * @param raw the original JSON text, used as the rejection sample when given
 */
export function normaliseJson(value: unknown, raw?: string): NormaliseResult {
  if (!isObject(value))
    return reject('unknown', `not a JSON object (got ${describeValue(value)})`, raw ?? value);
  if (value.data !== undefined || value.errors !== undefined) return normaliseXV2(value, raw);
  if (isTweetRecord(value)) return normaliseTweetRecord(value, raw);
  if (isObject(value.quarantine)) {
    // A record an upstream reader already rejected (e.g. a bad CSV row): keep its reason and sample.
    const q = value.quarantine;
    const reason = typeof q.reason === 'string' ? q.reason : 'rejected upstream';
    return reject('unknown', reason, typeof q.sample === 'string' ? q.sample : (raw ?? value));
  }
  if (value.id_str !== undefined || value.user !== undefined || xV1ControlMessageKind(value) !== undefined) {
    return normaliseXV1(value, raw);
  }
  return reject(
    'unknown',
    'unrecognised JSON object: neither an X API v2 payload (data) nor a v1.1 status (id_str, user)',
    raw ?? value,
  );
}

/** Normalises one line of JSON Lines (one `JSON.parse`, then {@link normaliseJson}). Never throws. */
export function normaliseJsonLine(line: string): NormaliseResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    if (line.trim().length === 0) return reject('unknown', 'empty line', line);
    return reject('unknown', `malformed JSON: ${err instanceof Error ? err.message : String(err)}`, line);
  }
  return normaliseJson(value, line);
}
