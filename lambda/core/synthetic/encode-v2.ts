/**
 * Writes a post as one line of the X API v2 filtered stream (`GET /2/tweets/search/stream` with the
 * expansions author_id, referenced_tweets.id, referenced_tweets.id.author_id, in_reply_to_user_id and
 * entities.mentions.username): `data`, `includes` (users, referenced tweets) and `matching_rules`.
 * Retweets carry X's truncated "RT @user: …" text, with the full original in `includes.tweets`; posts
 * longer than 280 characters carry the full text in `note_tweet`, as long posts do.
 */
import type { DebateConfig } from '../debate-config';
import { SYNTHETIC_KEY } from '../normalise/synthetic-mark';
import type { Tweet, TweetAuthor } from '../tweet';
import { codePointLength, matchRuleTags, sliceCodePoints, type TextEntities } from './entities';
import { hashWords } from './prng';
import { isoTime } from './time-format';
import { contextOf, shownOf, type TweetContext } from './record';
import { afterPrefix, cut, hasEntities, type ShownText } from './shown-text';
import {
  displayNameOf,
  escapeXText,
  expandLink,
  mentionResolver,
  repliedAccount,
  retweetedOf,
  usernameOf,
} from './wire-entities';

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
  /** Set on every generated post: X never sends it. */
  [SYNTHETIC_KEY]?: true;
}

/** Longest `text` a v2 post carries before the rest moves to `note_tweet`. */
const V2_TEXT_LIMIT = 280;
/** Retweet texts keep this many characters of the original, then "…". */
const RETWEET_KEEP = 140;

/**
 * The v2 stream line for a post. `config` names the rules: one per candidate (tagged with the
 * candidate id) and one for the event's hashtags (tagged `debate`); a tweet without `ruleTags` is
 * matched against the config's terms. `context` defaults to what the generator recorded for the tweet.
 * The result is byte for byte `JSON.stringify(buildV2(…))`.
 */
export function encodeV2(
  tweet: Tweet,
  config: DebateConfig,
  context: TweetContext = contextOf(tweet),
): string {
  const p = assemble(tweet, config, context);
  let line = `{"data":${JSON.stringify(p.data)},"includes":{"users":${JSON.stringify(p.users)}`;
  if (p.included.length > 0) {
    // A post is retweeted and quoted many times over: its JSON is written once and reused.
    line += `,"tweets":[${p.included.map((t) => cacheOf(t).json ?? (cacheOf(t).json = JSON.stringify(p.render(t)))).join(',')}]`;
  }
  const mark = tweet.synthetic ? `,"${SYNTHETIC_KEY}":true` : '';
  return `${line}},"matching_rules":${rulesJson(config, p.tags)}${mark}}`;
}

/** The v2 payload as an object (what {@link encodeV2} writes). */
export function buildV2(
  tweet: Tweet,
  config: DebateConfig,
  context: TweetContext = contextOf(tweet),
): V2StreamPayload {
  const p = assemble(tweet, config, context);
  const payload: V2StreamPayload = {
    data: p.data,
    includes: { users: p.users },
    matching_rules: p.tags.map((tag) => ({ id: ruleId(config, tag), tag })),
  };
  if (p.included.length > 0) payload.includes.tweets = p.included.map(p.render);
  if (tweet.synthetic) payload[SYNTHETIC_KEY] = true;
  return payload;
}

interface Assembled {
  readonly data: V2Tweet;
  readonly users: V2User[];
  /** Posts to expand in `includes.tweets`. */
  readonly included: readonly Tweet[];
  /** Renders an included post (a function of the post alone, so its JSON can be cached). */
  readonly render: (t: Tweet) => V2Tweet;
  readonly tags: readonly string[];
}

function assemble(tweet: Tweet, config: DebateConfig, context: TweetContext): Assembled {
  const resolve = mentionResolver(tweet, context);
  const users: V2User[] = [];
  const addUser = (a: TweetAuthor): void => {
    for (const u of users) if (u.id === a.id) return;
    users.push({ id: a.id, name: displayNameOf(a), username: usernameOf(a) });
  };
  addUser(tweet.author);
  const included: Tweet[] = [];
  let data: V2Tweet;

  const original = retweetedOf(tweet, context);
  if (original !== undefined) {
    data = v2Tweet(tweet, retweetText(original), resolve, undefined);
    included.push(original);
    addUser(original.author);
  } else {
    const to = repliedAccount(tweet, context, resolve);
    data = v2Tweet(tweet, shownOf(tweet), resolve, to);
    if (to !== undefined) addUser(to);
    for (const ref of [context.quoted, context.repliedTo]) {
      if (ref === undefined) continue;
      included.push(ref);
      addUser(ref.author);
    }
  }
  for (const m of data.entities?.mentions ?? []) addUser(resolve(m.username));
  return {
    data,
    users,
    included,
    render: renderIncluded,
    tags: tweet.ruleTags ?? matchRuleTags(config, tweet.text, tweet.hashtags),
  };
}

/** A referenced post as `includes.tweets` shows it: from its own context only, so it is the same each time. */
function renderIncluded(t: Tweet): V2Tweet {
  const context = contextOf(t);
  const resolve = mentionResolver(t, context);
  return v2Tweet(t, shownOf(t), resolve, repliedAccount(t, context, resolve));
}

/** "RT @user: " and the start of the original, as X shows a retweet (the same for every retweet of it). */
function retweetText(original: Tweet): ShownText {
  const cache = cacheOf(original);
  if (cache.retweetText !== undefined) return cache.retweetText;
  const full = shownOf(original);
  const prefix = `RT @${usernameOf(original.author)}: `;
  const text =
    full.fullLength > RETWEET_KEEP
      ? cut(full, RETWEET_KEEP, prefix, '…')
      : cut(full, full.fullLength, prefix, '');
  return (cache.retweetText = afterPrefix(prefix, text));
}

/** What is worth keeping about a post that others retweet, quote or answer. */
interface ReferencedCache {
  retweetText?: ShownText;
  json?: string;
}

// Weak, so the cache never keeps a post alive; only referenced posts get an entry.
const referenced = new WeakMap<Tweet, ReferencedCache>();

function cacheOf(t: Tweet): ReferencedCache {
  let c = referenced.get(t);
  if (c === undefined) referenced.set(t, (c = {}));
  return c;
}

const rulesJsonCache = new WeakMap<DebateConfig, Map<string, string>>();

/** The `matching_rules` array as JSON, per distinct set of tags. */
function rulesJson(config: DebateConfig, tags: readonly string[]): string {
  let byTags = rulesJsonCache.get(config);
  if (byTags === undefined) rulesJsonCache.set(config, (byTags = new Map()));
  const key = tags.join('\n');
  let json = byTags.get(key);
  if (json === undefined) {
    json = JSON.stringify(tags.map((tag) => ({ id: ruleId(config, tag), tag })));
    if (byTags.size < 4096) byTags.set(key, json);
  }
  return json;
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
    created_at: isoTime(t.createdAt),
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
  if (e.hashtags.length > 0)
    out.hashtags = e.hashtags.map((h) => ({ start: h.start, end: h.end, tag: h.value }));
  if (e.mentions.length > 0) {
    out.mentions = e.mentions.map((m) => ({
      start: m.start,
      end: m.end,
      username: m.value,
      id: resolve(m.value).id,
    }));
  }
  if (e.urls.length > 0) {
    out.urls = e.urls.map((u) => {
      const link = expandLink(u.value);
      return {
        start: u.start,
        end: u.end,
        url: u.value,
        expanded_url: link.expanded,
        display_url: link.display,
      };
    });
  }
  return out;
}

/** A stable 19-digit rule id for a rule tag of a debate. */
export function ruleId(config: DebateConfig, tag: string): string {
  let ids = ruleIds.get(config);
  if (ids === undefined) ruleIds.set(config, (ids = new Map()));
  let id = ids.get(tag);
  if (id === undefined) {
    const [a, b] = hashWords(`rule:${config.id}:${tag}`);
    id = '1' + String(a % 1000000000).padStart(9, '0') + String(b % 1000000000).padStart(9, '0');
    ids.set(tag, id);
  }
  return id;
}

const ruleIds = new WeakMap<DebateConfig, Map<string, string>>();
