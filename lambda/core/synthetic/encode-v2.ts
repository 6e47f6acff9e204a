/**
 * Writes a post as one line of the X API v2 filtered stream (`GET /2/tweets/search/stream` with the
 * expansions author_id, referenced_tweets.id, referenced_tweets.id.author_id, in_reply_to_user_id and
 * entities.mentions.username): `data`, `includes` (users, referenced tweets) and `matching_rules`.
 * Retweets carry X's truncated "RT @user: …" text, with the full original in `includes.tweets`; posts
 * longer than 280 characters carry the full text in `note_tweet`, as long posts do.
 */
import type { DebateConfig } from '../debate-config';
import type { Tweet, TweetAuthor } from '../tweet';
import { codePointLength, matchRuleTags, sliceCodePoints, type TextEntities } from './entities';
import { hashWords } from './prng';
import { contextOf, type TweetContext } from './record';
import {
  afterPrefix,
  cut,
  displayNameOf,
  escapeXText,
  expandLink,
  hasEntities,
  mentionResolver,
  repliedAccount,
  retweetedOf,
  shown,
  usernameOf,
  type ShownText,
} from './wire-common';

export interface V2Entities {
  hashtags?: { start: number; end: number; tag: string }[];
  mentions?: { start: number; end: number; username: string; id: string }[];
  urls?: { start: number; end: number; url: string; expanded_url: string; display_url: string }[];
}

export interface V2Tweet {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  lang: string;
  conversation_id: string;
  edit_history_tweet_ids: string[];
  possibly_sensitive: boolean;
  entities?: V2Entities;
  geo?: { coordinates: { type: 'Point'; coordinates: [number, number] } };
  referenced_tweets?: { type: 'retweeted' | 'quoted' | 'replied_to'; id: string }[];
  in_reply_to_user_id?: string;
  note_tweet?: { text: string; entities?: V2Entities };
}

export interface V2User {
  id: string;
  name: string;
  username: string;
}

/** One filtered-stream message. */
export interface V2StreamPayload {
  data: V2Tweet;
  includes: { users: V2User[]; tweets?: V2Tweet[] };
  matching_rules: { id: string; tag: string }[];
}

/** Longest `text` a v2 post carries before the rest moves to `note_tweet`. */
const V2_TEXT_LIMIT = 280;
/** Retweet texts keep this many characters of the original, then "…". */
const RETWEET_KEEP = 140;

/**
 * The v2 stream line for a post. `config` names the rules: one per candidate (tagged with the
 * candidate id) and one for the event's hashtags (tagged `debate`); a tweet without `ruleTags` is
 * matched against the config's terms. `context` defaults to what the generator recorded for the tweet.
 */
export function encodeV2(tweet: Tweet, config: DebateConfig, context: TweetContext = contextOf(tweet)): string {
  return serializeV2(buildV2(tweet, config, context));
}

/** The v2 payload as an object (what {@link encodeV2} serialises). */
export function buildV2(
  tweet: Tweet,
  config: DebateConfig,
  context: TweetContext = contextOf(tweet),
): V2StreamPayload {
  const resolve = mentionResolver(tweet, context);
  const users = new Map<string, V2User>();
  const addUser = (a: TweetAuthor): void => {
    if (!users.has(a.id)) users.set(a.id, { id: a.id, name: displayNameOf(a), username: usernameOf(a) });
  };
  addUser(tweet.author);
  const included: V2Tweet[] = [];
  let data: V2Tweet;

  const original = retweetedOf(tweet, context);
  if (original !== undefined) {
    const full = shown(original.text);
    const prefix = `RT @${usernameOf(original.author)}: `;
    const text =
      full.fullLength > RETWEET_KEEP ? cut(full, RETWEET_KEEP, prefix, '…') : cut(full, full.fullLength, prefix, '');
    data = v2Tweet(tweet, afterPrefix(prefix, text), resolve, undefined);
    included.push(v2Tweet(original, shown(original.text), resolve, repliedAccount(original, {}, resolve)));
    addUser(original.author);
  } else {
    const to = repliedAccount(tweet, context, resolve);
    data = v2Tweet(tweet, shown(tweet.text), resolve, to);
    if (to !== undefined) addUser(to);
    for (const ref of [context.quoted, context.repliedTo]) {
      if (ref === undefined) continue;
      included.push(v2Tweet(ref, shown(ref.text), resolve, repliedAccount(ref, {}, resolve)));
      addUser(ref.author);
    }
  }
  for (const m of data.entities?.mentions ?? []) addUser(resolve(m.username));

  const tags = tweet.ruleTags ?? matchRuleTags(config, tweet.text, tweet.hashtags);
  const payload: V2StreamPayload = {
    data,
    includes: { users: [...users.values()] },
    matching_rules: tags.map((tag) => ({ id: ruleId(config, tag), tag })),
  };
  if (included.length > 0) payload.includes.tweets = included;
  return payload;
}

function v2Tweet(
  t: Tweet,
  text: ShownText,
  resolve: (u: string) => TweetAuthor,
  repliedTo: TweetAuthor | undefined,
): V2Tweet {
  let body = text;
  let note: V2Tweet['note_tweet'];
  if (text.fullLength > V2_TEXT_LIMIT) {
    // A long post: `text` stops at a word boundary before 280 characters, `note_tweet` has it all.
    const head = sliceCodePoints(text.text, V2_TEXT_LIMIT);
    const space = head.lastIndexOf(' ');
    const keep = space > V2_TEXT_LIMIT / 2 ? codePointLength(head.slice(0, space)) : V2_TEXT_LIMIT;
    body = cut(text, keep, '', '');
    note = { text: escapeXText(text.text) };
    if (hasEntities(text.entities)) note.entities = v2Entities(text.entities, resolve);
  }
  const o: V2Tweet = {
    id: t.id,
    text: escapeXText(body.text),
    author_id: t.author.id,
    created_at: new Date(t.createdAt).toISOString(),
    lang: t.lang,
    // Without the thread's root at hand, a reply's conversation is the post it answers.
    conversation_id: t.replyTo ?? t.id,
    edit_history_tweet_ids: [t.id],
    possibly_sensitive: false,
  };
  if (hasEntities(body.entities)) o.entities = v2Entities(body.entities, resolve);
  if (t.coordinates !== undefined) {
    o.geo = { coordinates: { type: 'Point', coordinates: [t.coordinates.lon, t.coordinates.lat] } };
  }
  const refs: NonNullable<V2Tweet['referenced_tweets']> = [];
  if (t.retweetOf !== undefined) refs.push({ type: 'retweeted', id: t.retweetOf });
  else {
    if (t.quoteOf !== undefined) refs.push({ type: 'quoted', id: t.quoteOf });
    if (t.replyTo !== undefined) refs.push({ type: 'replied_to', id: t.replyTo });
  }
  if (refs.length > 0) o.referenced_tweets = refs;
  if (repliedTo !== undefined) o.in_reply_to_user_id = repliedTo.id;
  if (note !== undefined) o.note_tweet = note;
  return o;
}

function v2Entities(e: TextEntities, resolve: (u: string) => TweetAuthor): V2Entities {
  const out: V2Entities = {};
  if (e.hashtags.length > 0) out.hashtags = e.hashtags.map((h) => ({ start: h.start, end: h.end, tag: h.value }));
  if (e.mentions.length > 0) {
    out.mentions = e.mentions.map((m) => ({ start: m.start, end: m.end, username: m.value, id: resolve(m.value).id }));
  }
  if (e.urls.length > 0) {
    out.urls = e.urls.map((u) => {
      const link = expandLink(u.value);
      return { start: u.start, end: u.end, url: u.value, expanded_url: link.expanded, display_url: link.display };
    });
  }
  return out;
}

/** A stable 19-digit rule id for a rule tag of a debate. */
export function ruleId(config: DebateConfig, tag: string): string {
  const key = `rule:${config.id}:${tag}`;
  let id = ruleIds.get(key);
  if (id === undefined) {
    const [a, b] = hashWords(key);
    id = '1' + String(a % 1000000000).padStart(9, '0') + String(b % 1000000000).padStart(9, '0');
    if (ruleIds.size > 4096) ruleIds.clear();
    ruleIds.set(key, id);
  }
  return id;
}

const ruleIds = new Map<string, string>();

/**
 * JSON text of a payload, byte for byte what `JSON.stringify` gives, written field by field: the
 * shape is fixed, and this is several times faster than the generic walk (the generator's benchmark
 * encodes hundreds of thousands of posts a second).
 */
export function serializeV2(p: V2StreamPayload): string {
  let s = `{"data":${tweetJson(p.data)},"includes":{"users":[`;
  for (let i = 0; i < p.includes.users.length; i++) {
    const u = p.includes.users[i];
    s += `${i > 0 ? ',' : ''}{"id":${str(u.id)},"name":${str(u.name)},"username":${str(u.username)}}`;
  }
  s += ']';
  if (p.includes.tweets !== undefined) s += `,"tweets":[${p.includes.tweets.map(tweetJson).join(',')}]`;
  s += '},"matching_rules":[';
  for (let i = 0; i < p.matching_rules.length; i++) {
    const r = p.matching_rules[i];
    s += `${i > 0 ? ',' : ''}{"id":${str(r.id)},"tag":${str(r.tag)}}`;
  }
  return s + ']}';
}

function tweetJson(t: V2Tweet): string {
  let s =
    `{"id":${str(t.id)},"text":${str(t.text)},"author_id":${str(t.author_id)},"created_at":${str(t.created_at)}` +
    `,"lang":${str(t.lang)},"conversation_id":${str(t.conversation_id)}` +
    `,"edit_history_tweet_ids":[${t.edit_history_tweet_ids.map(str).join(',')}]` +
    `,"possibly_sensitive":${t.possibly_sensitive ? 'true' : 'false'}`;
  if (t.entities !== undefined) s += `,"entities":${entitiesJson(t.entities)}`;
  if (t.geo !== undefined) {
    const [lon, lat] = t.geo.coordinates.coordinates;
    s += `,"geo":{"coordinates":{"type":"Point","coordinates":[${num(lon)},${num(lat)}]}}`;
  }
  if (t.referenced_tweets !== undefined) {
    s += `,"referenced_tweets":[${t.referenced_tweets.map((r) => `{"type":${str(r.type)},"id":${str(r.id)}}`).join(',')}]`;
  }
  if (t.in_reply_to_user_id !== undefined) s += `,"in_reply_to_user_id":${str(t.in_reply_to_user_id)}`;
  if (t.note_tweet !== undefined) {
    s += `,"note_tweet":{"text":${str(t.note_tweet.text)}`;
    if (t.note_tweet.entities !== undefined) s += `,"entities":${entitiesJson(t.note_tweet.entities)}`;
    s += '}';
  }
  return s + '}';
}

function entitiesJson(e: V2Entities): string {
  const parts: string[] = [];
  if (e.hashtags !== undefined) {
    parts.push(`"hashtags":[${e.hashtags.map((h) => `{"start":${h.start},"end":${h.end},"tag":${str(h.tag)}}`).join(',')}]`);
  }
  if (e.mentions !== undefined) {
    const list = e.mentions.map(
      (m) => `{"start":${m.start},"end":${m.end},"username":${str(m.username)},"id":${str(m.id)}}`,
    );
    parts.push(`"mentions":[${list.join(',')}]`);
  }
  if (e.urls !== undefined) {
    const list = e.urls.map(
      (u) =>
        `{"start":${u.start},"end":${u.end},"url":${str(u.url)},"expanded_url":${str(u.expanded_url)},` +
        `"display_url":${str(u.display_url)}}`,
    );
    parts.push(`"urls":[${list.join(',')}]`);
  }
  return `{${parts.join(',')}}`;
}

/** A JSON string literal; plain ids and tags skip the escaping scan. */
function str(v: string): string {
  return SAFE.test(v) ? `"${v}"` : JSON.stringify(v);
}

const SAFE = /^[\w.:-]*$/;

function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}
