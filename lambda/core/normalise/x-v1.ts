/**
 * X API v1.1 statuses, as found in old archives and `statuses/filter` dumps (one status per line).
 * The numeric `id` fields are never read: they exceed 2^53 and lose precision in JSON.parse.
 */

import { reject, type NormaliseResult } from '../tweet';
import { buildTweet } from './build';
import { describeValue, isDecimalId, textProblem, unescapeXText } from './checks';
import { entityValues, hashtagsInText, mentionsInText } from './entities';
import { geoJsonPoint } from './geo';
import { isObject, objectOf, stringOf, type JsonObject } from './json-value';
import { SYNTHETIC_KEY, syntheticFlag } from './synthetic-mark';
import { parseIsoDateTime, parseXV1Time } from './time';

/** Keys of the v1.1 streaming API's non-post messages (each such message is an object with one of them). */
const CONTROL_KEYS: readonly string[] = [
  'delete',
  'scrub_geo',
  'limit',
  'status_withheld',
  'user_withheld',
  'disconnect',
  'warning',
  'friends',
  'friends_str',
  'event',
  'control',
];

/** The kind of v1.1 stream control message (`delete`, `limit`, …) `value` is, or undefined for a post. */
export function xV1ControlMessageKind(value: JsonObject): string | undefined {
  if (value.id_str !== undefined || value.user !== undefined) return undefined;
  for (const key of CONTROL_KEYS) if (value[key] !== undefined) return key;
  return undefined;
}

function fail(reason: string, status: unknown, raw: string | undefined): NormaliseResult {
  return reject('x-v1', reason, raw ?? status);
}

/** An optional id field: undefined when absent or null, false when present but not a decimal string. */
function optionalId(value: unknown): string | undefined | false {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' && isDecimalId(value) ? value : false;
}

interface FullText {
  readonly text: unknown;
  readonly field: string;
  readonly entities: JsonObject | undefined;
}

/**
 * Where a status keeps its full text: `extended_tweet.full_text` (compatibility mode, streams),
 * `full_text` (extended mode, REST), or `text` when the post was never truncated.
 */
function fullTextOf(status: JsonObject, prefix: string): FullText | string {
  const ext = objectOf(status.extended_tweet);
  if (ext && typeof ext.full_text === 'string') {
    return {
      text: ext.full_text,
      field: `${prefix}extended_tweet.full_text`,
      entities: objectOf(ext.entities) ?? objectOf(status.entities),
    };
  }
  if (status.full_text !== undefined) {
    return { text: status.full_text, field: `${prefix}full_text`, entities: objectOf(status.entities) };
  }
  if (status.truncated === true) {
    return `${prefix}text is truncated and neither ${prefix}extended_tweet.full_text nor ${prefix}full_text is present`;
  }
  return { text: status.text, field: `${prefix}text`, entities: objectOf(status.entities) };
}

/**
 * Normalises one X API v1.1 status (already parsed). A retweet gets the retweeted status's full text
 * and entities; stream control messages (`delete`, `limit`, …) are rejected as not being posts.
 * @param raw the original JSON text, used as the rejection sample when given
 */
export function normaliseXV1(status: unknown, raw?: string): NormaliseResult {
  if (!isObject(status)) return fail('not a JSON object', status, raw);
  const control = xV1ControlMessageKind(status);
  if (control !== undefined) return fail(`v1.1 stream control message "${control}", not a post`, status, raw);

  const id = status.id_str;
  if (id === undefined)
    return fail('missing id_str (the numeric id loses precision and is not used)', status, raw);
  if (typeof id !== 'string' || !isDecimalId(id)) {
    return fail(`bad id_str ${describeValue(id)}: not a decimal id string`, status, raw);
  }

  const createdAtText = status.created_at;
  if (createdAtText === undefined) return fail('missing created_at', status, raw);
  let createdAt = NaN;
  if (typeof createdAtText === 'string') {
    createdAt = parseXV1Time(createdAtText);
    // Some archive tools re-serialise the time as ISO 8601.
    if (Number.isNaN(createdAt)) createdAt = parseIsoDateTime(createdAtText);
  }
  if (Number.isNaN(createdAt)) return fail(`bad created_at ${describeValue(createdAtText)}`, status, raw);
  // Streamed statuses carry the millisecond time too; created_at has whole seconds only.
  const ms = status.timestamp_ms;
  if (
    typeof ms === 'string' &&
    /^\d{10,16}$/.test(ms) &&
    Math.floor(Number(ms) / 1000) === createdAt / 1000
  ) {
    createdAt = Number(ms);
  }

  const user = status.user;
  if (user === undefined || user === null) return fail('missing user', status, raw);
  if (!isObject(user)) return fail(`bad user ${describeValue(user)}`, status, raw);
  const userId = user.id_str;
  const screenName = stringOf(user.screen_name);
  let authorId: string;
  if (typeof userId === 'string' && isDecimalId(userId)) authorId = userId;
  else if (userId !== undefined) return fail(`bad user.id_str ${describeValue(userId)}`, status, raw);
  else if (screenName) authorId = screenName;
  else return fail('missing user.id_str', status, raw);

  const retweeted = status.retweeted_status;
  let source: JsonObject = status;
  let prefix = '';
  let retweetOf: string | undefined;
  if (retweeted !== undefined && retweeted !== null) {
    if (!isObject(retweeted)) return fail(`bad retweeted_status ${describeValue(retweeted)}`, status, raw);
    const rtId = retweeted.id_str;
    if (typeof rtId !== 'string' || !isDecimalId(rtId)) {
      return fail(`bad retweeted_status.id_str ${describeValue(rtId)}`, status, raw);
    }
    retweetOf = rtId;
    source = retweeted;
    prefix = 'retweeted_status.';
  }

  const full = fullTextOf(source, prefix);
  if (typeof full === 'string') return fail(full, status, raw);
  if (full.text === undefined || full.text === null) return fail(`missing ${full.field}`, status, raw);
  if (typeof full.text !== 'string')
    return fail(`bad ${full.field} ${describeValue(full.text)}`, status, raw);
  const text = unescapeXText(full.text);
  const problem = textProblem(text, full.field);
  if (problem) return fail(problem, status, raw);

  const hashtags = full.entities ? entityValues(full.entities.hashtags, 'text') : hashtagsInText(text);
  const mentions = full.entities
    ? entityValues(full.entities.user_mentions, 'screen_name')
    : mentionsInText(text);

  const quoteOf = optionalId(status.quoted_status_id_str);
  if (quoteOf === false)
    return fail(`bad quoted_status_id_str ${describeValue(status.quoted_status_id_str)}`, status, raw);
  const replyTo = optionalId(status.in_reply_to_status_id_str);
  if (replyTo === false) {
    return fail(
      `bad in_reply_to_status_id_str ${describeValue(status.in_reply_to_status_id_str)}`,
      status,
      raw,
    );
  }

  // Only `coordinates` is an exact point in [lon, lat]; `geo` repeats it as [lat, lon] (deprecated) and
  // `place` is a bounding box.
  const point = geoJsonPoint(status.coordinates, 'coordinates');
  if (typeof point === 'string') return fail(point, status, raw);
  const synthetic = syntheticFlag(status[SYNTHETIC_KEY]);
  if (typeof synthetic === 'string') return fail(synthetic, status, raw);

  return {
    ok: true,
    tweet: buildTweet({
      id,
      createdAt,
      authorId,
      username: screenName,
      name: stringOf(user.name),
      text,
      lang: stringOf(status.lang) ?? stringOf(source.lang),
      hashtags,
      mentions,
      coordinates: point,
      retweetOf,
      quoteOf,
      replyTo,
      synthetic,
      format: 'x-v1',
    }),
  };
}
