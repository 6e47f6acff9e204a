/**
 * X API v2 filtered-stream payloads: `{ data, includes, matching_rules }` (and `{ errors }` when the
 * stream reports a problem instead of a post). Fields the normaliser needs from the request:
 * `tweet.fields=created_at,lang,entities,geo,referenced_tweets,note_tweet`,
 * `expansions=author_id,referenced_tweets.id`, `user.fields=username,name`.
 */

import { reject, type NormaliseResult } from '../tweet';
import { buildTweet } from './build';
import { describeValue, isDecimalId, textProblem, unescapeXText } from './checks';
import { entityValues, hashtagsInText, mentionsInText } from './entities';
import { geoJsonPoint } from './geo';
import { arrayOf, isObject, objectOf, stringOf, type JsonObject } from './json-value';
import { SYNTHETIC_KEY, syntheticFlag } from './synthetic-mark';
import { parseIsoDateTime } from './time';

function fail(reason: string, payload: unknown, raw: string | undefined): NormaliseResult {
  return reject('x-v2', reason, raw ?? payload);
}

/** The object in `list` whose `id` is `id`, with its index (for reasons), or undefined. */
function findById(
  list: unknown,
  id: string,
): { readonly item: JsonObject; readonly index: number } | undefined {
  const items = arrayOf(list);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (isObject(item) && item.id === id) return { item, index: i };
  }
  return undefined;
}

/** "title: detail" of the first few entries of a v2 `errors` array. */
function describeErrors(errors: readonly unknown[]): string {
  const parts: string[] = [];
  for (let i = 0; i < errors.length && i < 3; i++) {
    const e = objectOf(errors[i]);
    const title = stringOf(e?.title) ?? 'error';
    const detail = stringOf(e?.detail) ?? stringOf(e?.message);
    parts.push(detail ? `${title}: ${detail}` : title);
  }
  if (errors.length > 3) parts.push(`and ${errors.length - 3} more`);
  return parts.join('; ');
}

/**
 * Normalises one X API v2 stream payload (already parsed). A retweet gets the retweeted post's full
 * text (its `note_tweet.text` for long posts) and entities from `includes.tweets`; when the original is
 * missing there (deleted, or the expansion was not requested) the retweet's own text is kept.
 * @param raw the original JSON text, used as the rejection sample when given
 */
export function normaliseXV2(payload: unknown, raw?: string): NormaliseResult {
  if (!isObject(payload)) return fail('not a JSON object', payload, raw);
  const data = payload.data;
  if (data === undefined) {
    const errors = arrayOf(payload.errors);
    if (errors.length > 0) return fail(`X API error payload: ${describeErrors(errors)}`, payload, raw);
    return fail('missing data', payload, raw);
  }
  if (!isObject(data)) {
    const what = Array.isArray(data)
      ? 'an array (a lookup or search page, not a stream payload)'
      : 'not an object';
    return fail(`data is ${what}`, payload, raw);
  }

  const id = data.id;
  if (id === undefined) return fail('missing data.id', payload, raw);
  if (typeof id !== 'string' || !isDecimalId(id)) {
    return fail(`bad data.id ${describeValue(id)}: not a decimal id string`, payload, raw);
  }

  const createdAtText = data.created_at;
  if (createdAtText === undefined)
    return fail('missing data.created_at (request tweet.fields=created_at)', payload, raw);
  const createdAt = typeof createdAtText === 'string' ? parseIsoDateTime(createdAtText) : NaN;
  if (Number.isNaN(createdAt))
    return fail(`bad data.created_at ${describeValue(createdAtText)}`, payload, raw);

  const authorId = data.author_id;
  if (authorId === undefined)
    return fail('missing data.author_id (request expansions=author_id)', payload, raw);
  if (typeof authorId !== 'string' || !isDecimalId(authorId)) {
    return fail(`bad data.author_id ${describeValue(authorId)}: not a decimal id string`, payload, raw);
  }

  let retweetOf: string | undefined;
  let quoteOf: string | undefined;
  let replyTo: string | undefined;
  const refs = arrayOf(data.referenced_tweets);
  for (let i = 0; i < refs.length; i++) {
    const ref = objectOf(refs[i]);
    const refId = ref?.id;
    if (typeof refId !== 'string' || !isDecimalId(refId)) {
      return fail(`bad data.referenced_tweets[${i}].id ${describeValue(refId)}`, payload, raw);
    }
    const type = ref?.type;
    if (type === 'retweeted') retweetOf = refId;
    else if (type === 'quoted') quoteOf = refId;
    else if (type === 'replied_to') replyTo = refId;
  }

  const includes = objectOf(payload.includes);
  let source: JsonObject = data;
  let field = 'data';
  if (retweetOf !== undefined) {
    const original = findById(includes?.tweets, retweetOf);
    if (original) {
      source = original.item;
      field = `includes.tweets[${original.index}]`;
    }
  }

  const note = objectOf(source.note_tweet);
  const noteText = stringOf(note?.text);
  const rawText = noteText ?? source.text;
  if (rawText === undefined) return fail(`missing ${field}.text`, payload, raw);
  if (typeof rawText !== 'string') return fail(`bad ${field}.text ${describeValue(rawText)}`, payload, raw);
  const text = unescapeXText(rawText);
  const textField = noteText !== undefined ? `${field}.note_tweet.text` : `${field}.text`;
  const problem = textProblem(text, textField);
  if (problem) return fail(problem, payload, raw);

  // A long post's own `entities` only cover the truncated `text`; its note_tweet carries the full set.
  let hashtags: string[];
  let mentions: string[];
  const entities = objectOf(noteText !== undefined ? note?.entities : source.entities);
  if (entities) {
    hashtags = entityValues(entities.hashtags, 'tag');
    mentions = entityValues(entities.mentions, 'username');
  } else if (noteText !== undefined) {
    hashtags = hashtagsInText(text);
    mentions = mentionsInText(text);
  } else {
    hashtags = [];
    mentions = [];
  }

  const geo = objectOf(data.geo);
  const point = geo ? geoJsonPoint(geo.coordinates, 'data.geo.coordinates') : undefined;
  if (typeof point === 'string') return fail(point, payload, raw);

  let ruleTags: string[] | undefined;
  if (payload.matching_rules !== undefined) {
    ruleTags = [];
    const rules = arrayOf(payload.matching_rules);
    for (let i = 0; i < rules.length; i++) {
      const tag = stringOf(objectOf(rules[i])?.tag);
      if (tag) ruleTags.push(tag);
    }
  }

  const synthetic = syntheticFlag(payload[SYNTHETIC_KEY]);
  if (typeof synthetic === 'string') return fail(synthetic, payload, raw);

  const user = findById(includes?.users, authorId)?.item;
  return {
    ok: true,
    tweet: buildTweet({
      id,
      createdAt,
      authorId,
      username: stringOf(user?.username),
      name: stringOf(user?.name),
      text,
      lang: stringOf(data.lang),
      hashtags,
      mentions,
      coordinates: point,
      retweetOf,
      quoteOf,
      replyTo,
      ruleTags,
      synthetic,
      format: 'x-v2',
    }),
  };
}
