/**
 * trendoff's own record (a {@link Tweet} serialised as JSON), as the producer puts posts from CSV
 * exports or other sources on the stream and as the archive may hold them. Read back with the same
 * checks as any other source: a record from outside is input like any other.
 */
import { reject, type NormaliseResult, type Tweet, type TweetFormat } from '../tweet';
import { buildTweet } from './build';
import { describeValue, isDecimalId, pointProblem, textProblem } from './checks';
import { arrayOf, isObject, objectOf, stringOf, type JsonObject } from './json-value';
import { syntheticFlag } from './synthetic-mark';

const FORMATS: ReadonlySet<string> = new Set<TweetFormat>(['x-v2', 'x-v1', 'csv']);

/** True for an object shaped like a serialised {@link Tweet} (has `format` and a numeric `createdAt`). */
export function isTweetRecord(value: JsonObject): boolean {
  return typeof value.format === 'string' && typeof value.createdAt === 'number';
}

export function normaliseTweetRecord(value: JsonObject, raw?: string): NormaliseResult {
  const fail = (reason: string): NormaliseResult =>
    reject('unknown', `trendoff record: ${reason}`, raw ?? value);
  const format = value.format;
  if (typeof format !== 'string' || !FORMATS.has(format)) return fail(`bad format ${describeValue(format)}`);
  const id = value.id;
  if (typeof id !== 'string' || !isDecimalId(id))
    return fail(`bad id ${describeValue(id)}: not a decimal id string`);
  const createdAt = value.createdAt;
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt) || createdAt < 0) {
    return fail(`bad createdAt ${describeValue(createdAt)}: epoch milliseconds expected`);
  }
  const author = objectOf(value.author);
  const authorId = stringOf(author?.id);
  if (author === undefined || !authorId) return fail('missing author.id');
  const text = value.text;
  if (typeof text !== 'string') return fail(`bad text ${describeValue(text)}`);
  const textIssue = textProblem(text, 'text');
  if (textIssue !== undefined) return fail(textIssue);
  const hashtags = stringList(value.hashtags);
  const mentions = stringList(value.mentions);
  if (hashtags === undefined) return fail('hashtags must be an array of strings');
  if (mentions === undefined) return fail('mentions must be an array of strings');
  let coordinates: Tweet['coordinates'];
  if (value.coordinates !== undefined) {
    const c = value.coordinates;
    if (!isObject(c) || typeof c.lon !== 'number' || typeof c.lat !== 'number')
      return fail('coordinates must be {lon, lat}');
    const problem = pointProblem(c.lon, c.lat, 'coordinates');
    if (problem !== undefined) return fail(problem);
    coordinates = { lon: c.lon, lat: c.lat };
  }
  const refs: Record<'retweetOf' | 'quoteOf' | 'replyTo', string | undefined> = {
    retweetOf: undefined,
    quoteOf: undefined,
    replyTo: undefined,
  };
  for (const key of ['retweetOf', 'quoteOf', 'replyTo'] as const) {
    const ref = value[key];
    if (ref === undefined) continue;
    if (typeof ref !== 'string' || !isDecimalId(ref)) return fail(`bad ${key} ${describeValue(ref)}`);
    refs[key] = ref;
  }
  const ruleTags = value.ruleTags === undefined ? undefined : stringList(value.ruleTags);
  if (value.ruleTags !== undefined && ruleTags === undefined)
    return fail('ruleTags must be an array of strings');
  const synthetic = syntheticFlag(value.synthetic, 'synthetic');
  if (typeof synthetic === 'string') return fail(synthetic);
  return {
    ok: true,
    tweet: buildTweet({
      id,
      createdAt,
      authorId,
      username: stringOf(author.username),
      name: stringOf(author.name),
      text,
      lang: stringOf(value.lang),
      hashtags,
      mentions,
      coordinates,
      ...refs,
      ruleTags,
      synthetic,
      format: format as TweetFormat,
    }),
  };
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list = arrayOf(value);
  return list.every((v) => typeof v === 'string') ? (list as string[]) : undefined;
}
