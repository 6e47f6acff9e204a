/**
 * Writes a post as one X API v1.1 status, as the v1.1 streams delivered them in compatibility mode:
 * `text` at most 140 characters (a longer post is cut, marked `truncated: true` and carries its full
 * text and entities in `extended_tweet`), `user`, `entities` with [start, end] `indices`, GeoJSON
 * `coordinates` in [lon, lat] order (and the deprecated `geo` in [lat, lon]), `retweeted_status` and
 * `quoted_status`. Numeric `id` fields are written as exact JSON numbers, as X did, even though they
 * exceed what a double holds; readers must use the `*_str` twins.
 */
import { SYNTHETIC_KEY } from '../normalise/synthetic-mark';
import type { Tweet, TweetAuthor } from '../tweet';
import type { TextEntities } from './entities';
import { CLIENTS } from './phrases';
import { v1Time } from './time-format';
import { hashWords } from './prng';
import { contextOf, shownOf, type TweetContext } from './record';
import { afterPrefix, cut, type ShownText } from './shown-text';
import {
  displayNameOf,
  escapeXText,
  expandLink,
  mentionResolver,
  permalinkCode,
  repliedAccount,
  retweetedOf,
  usernameOf,
} from './wire-entities';

/** Longest compatibility-mode `text`. */
const V1_TEXT_LIMIT = 140;
/** A t.co link is 23 characters. */
const TCO_LENGTH = 23;
/** Marks an id that must be written as a bare JSON number (see {@link bigId}). */
const BIG_MARK = '\u0001';
const BIG_ID_KEYS = /"(id|in_reply_to_status_id|in_reply_to_user_id|quoted_status_id)":"\\u0001(\d+)"/g;

interface V1Entities {
  hashtags: { text: string; indices: [number, number] }[];
  urls: { url: string; expanded_url: string; display_url: string; indices: [number, number] }[];
  user_mentions: {
    screen_name: string;
    name: string;
    id: string;
    id_str: string;
    indices: [number, number];
  }[];
  symbols: never[];
}

/** The v1.1 JSON line for a post. `context` defaults to what the generator recorded for the tweet. */
export function encodeV1(tweet: Tweet, context: TweetContext = contextOf(tweet)): string {
  return serialiseV1(buildV1(tweet, context));
}

/** The v1.1 status as an object (ids still marked; serialise it with {@link serialiseV1}). */
export function buildV1(tweet: Tweet, context: TweetContext = contextOf(tweet)): Record<string, unknown> {
  return status(tweet, context, 0);
}

/** JSON text of a status from {@link buildV1}, with its ids written as bare numbers. */
export function serialiseV1(s: Record<string, unknown>): string {
  return JSON.stringify(s).replace(BIG_ID_KEYS, '"$1":$2');
}

/** A status at `depth` 0 (top), 1 (a retweet's original) or 2 (what that original quotes). */
function status(t: Tweet, context: TweetContext, depth: number): Record<string, unknown> {
  const resolve = mentionResolver(t, context);
  const original = retweetedOf(t, context);
  let shownText: ShownText;
  let extended: Record<string, unknown> | undefined;
  if (original !== undefined) {
    // A retweet's text is "RT @user: " plus as much of the original as fits, ending in "…".
    const prefix = `RT @${usernameOf(original.author)}: `;
    const full = shownOf(original);
    const room = V1_TEXT_LIMIT - prefix.length;
    shownText = afterPrefix(
      prefix,
      full.fullLength > room ? cut(full, room - 1, prefix, '…') : cut(full, full.fullLength, prefix, ''),
    );
  } else {
    const full = shownOf(t);
    if (full.fullLength > V1_TEXT_LIMIT) {
      // Compatibility mode: the start of the text, "…" and a link to the post itself.
      const link = `https://t.co/${permalinkCode(t.id)}`;
      const keep = V1_TEXT_LIMIT - TCO_LENGTH - 2;
      const head = cut(full, keep, '', `… ${link}`);
      shownText = {
        ...head,
        entities: {
          ...head.entities,
          urls: [...head.entities.urls, { start: keep + 2, end: keep + 2 + TCO_LENGTH, value: link }],
        },
      };
      const leading = /^(?:[@＠][A-Za-z0-9_]{1,15} )+/.exec(t.text);
      const displayStart = t.replyTo !== undefined && leading !== null ? [...leading[0]].length : 0;
      extended = {
        full_text: escapeXText(t.text),
        display_text_range: [displayStart, full.fullLength],
        entities: v1Entities(full.entities, resolve, t.id),
      };
    } else shownText = full;
  }

  const replied = original === undefined ? repliedAccount(t, context, resolve) : undefined;
  const s: Record<string, unknown> = {
    created_at: v1Time(t.createdAt),
    id: bigId(t.id),
    id_str: t.id,
    text: escapeXText(shownText.text),
    source: sourceOf(t.author),
    truncated: extended !== undefined,
    in_reply_to_status_id: t.replyTo !== undefined ? bigId(t.replyTo) : null,
    in_reply_to_status_id_str: t.replyTo ?? null,
    in_reply_to_user_id: replied !== undefined ? bigId(replied.id) : null,
    in_reply_to_user_id_str: replied?.id ?? null,
    in_reply_to_screen_name: replied !== undefined ? usernameOf(replied) : null,
    user: v1User(t.author, t.createdAt, t.coordinates !== undefined),
    geo: t.coordinates ? { type: 'Point', coordinates: [t.coordinates.lat, t.coordinates.lon] } : null,
    coordinates: t.coordinates
      ? { type: 'Point', coordinates: [t.coordinates.lon, t.coordinates.lat] }
      : null,
    place: null,
    contributors: null,
  };
  // As X did: a retweet embeds the original (with what the original quotes), a quote embeds the quoted
  // post, and a quoted post embeds nothing more.
  if (original !== undefined && depth === 0) {
    s.retweeted_status = status(original, embeddedContext(original, context), 1);
  }
  s.is_quote_status = t.quoteOf !== undefined && original === undefined;
  if (s.is_quote_status === true && t.quoteOf !== undefined) {
    s.quoted_status_id = bigId(t.quoteOf);
    s.quoted_status_id_str = t.quoteOf;
    const quotedUser = context.quoted !== undefined ? usernameOf(context.quoted.author) : 'i';
    const code = permalinkCode(`quote:${t.quoteOf}`);
    s.quoted_status_permalink = {
      url: `https://t.co/${code}`,
      expanded: `https://twitter.com/${quotedUser}/status/${t.quoteOf}`,
      display: `twitter.com/${quotedUser}/status/…`,
    };
    if (context.quoted !== undefined && depth < 2) {
      s.quoted_status = status(context.quoted, embeddedContext(context.quoted, {}), 2);
    }
  }
  if (extended !== undefined) s.extended_tweet = extended;
  Object.assign(s, {
    quote_count: 0,
    reply_count: 0,
    retweet_count: 0,
    favorite_count: 0,
    entities: v1Entities(shownText.entities, resolve, t.id),
    favorited: false,
    retweeted: false,
    filter_level: 'low',
    lang: t.lang,
    timestamp_ms: String(t.createdAt),
  });
  if (depth === 0 && t.synthetic) s[SYNTHETIC_KEY] = true;
  return s;
}

/** The context to render an embedded post with: its own, else the mentions known to the outer post. */
function embeddedContext(t: Tweet, outer: TweetContext): TweetContext {
  const own = contextOf(t);
  return own.mentioned !== undefined || own.quoted !== undefined ? own : { mentioned: outer.mentioned };
}

function v1Entities(e: TextEntities, resolve: (u: string) => TweetAuthor, id: string): V1Entities {
  return {
    hashtags: e.hashtags.map((h) => ({ text: h.value, indices: [h.start, h.end] })),
    urls: e.urls.map((u) => {
      const own = u.value.endsWith(permalinkCode(id));
      const link = own
        ? { expanded: `https://twitter.com/i/web/status/${id}`, display: 'twitter.com/i/web/status/1…' }
        : expandLink(u.value);
      return {
        url: u.value,
        expanded_url: link.expanded,
        display_url: link.display,
        indices: [u.start, u.end],
      };
    }),
    user_mentions: e.mentions.map((m) => {
      const who = resolve(m.value);
      return {
        screen_name: m.value,
        name: displayNameOf(who),
        id: bigId(who.id),
        id_str: who.id,
        indices: [m.start, m.end],
      };
    }),
    symbols: [],
  };
}

/** The v1.1 user object; counts and dates are stable functions of the account id. */
function v1User(a: TweetAuthor, at: number, geo: boolean): Record<string, unknown> {
  const [h1, h2, h3] = hashWords(`user:${a.id}`);
  const followers = (h1 % 3000) * (1 + (h2 % 7)) + (h3 % 50);
  // Accounts were opened between 2007 and a year before the post.
  const opened =
    Date.UTC(2007, 0, 1) + (h2 % Math.max(1, Math.floor((at - Date.UTC(2008, 0, 1)) / 1000))) * 1000;
  return {
    id: bigId(a.id),
    id_str: a.id,
    name: displayNameOf(a),
    screen_name: usernameOf(a),
    location: null,
    url: null,
    description: null,
    protected: false,
    verified: false,
    followers_count: followers,
    friends_count: (h2 % 2000) + 10,
    listed_count: h3 % 40,
    favourites_count: h1 % 20000,
    statuses_count: 50 + (h3 % 40000),
    created_at: v1Time(opened),
    utc_offset: null,
    time_zone: null,
    geo_enabled: geo || h3 % 5 === 0,
    lang: null,
    profile_image_url_https: `https://pbs.twimg.com/profile_images/${h1}${h2 % 1000}/avatar_normal.jpg`,
    default_profile: h1 % 3 === 0,
    default_profile_image: false,
  };
}

function sourceOf(a: TweetAuthor): string {
  const [name, url] = CLIENTS[hashWords(`client:${a.id}`)[0] % CLIENTS.length];
  return `<a href="${url}" rel="nofollow">${name}</a>`;
}

/** An id that {@link serialiseV1} turns into a bare JSON number (when it is one). */
function bigId(id: string): string {
  return /^\d{1,20}$/.test(id) ? BIG_MARK + id : id;
}
