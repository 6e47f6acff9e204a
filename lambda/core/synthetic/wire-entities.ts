/**
 * Pieces both X wire formats share: shortened texts with the entities that survive the cut, where a
 * t.co link points, and which id belongs to a mentioned handle.
 */
import type { Tweet, TweetAuthor } from '../tweet';
import { userIdForHandle } from './authors';
import { sliceCodePoints } from './entities';
import { LINK_DOMAINS } from './phrases';
import { hash32 } from './prng';
import type { TweetContext } from './record';

/** Where a t.co link leads: a stable news or video page derived from its code. */
export function expandLink(tco: string): { expanded: string; display: string } {
  const code = tco.slice(tco.lastIndexOf('/') + 1);
  const h = hash32(`link:${code}`);
  const domain = LINK_DOMAINS[h % LINK_DOMAINS.length];
  const expanded =
    domain === 'www.youtube.com'
      ? `https://${domain}/watch?v=${code}X`
      : `https://${domain}/politics/debate-${code.toLowerCase()}`;
  const bare = expanded.replace(/^https?:\/\//, '');
  return { expanded, display: bare.length > 26 ? `${sliceCodePoints(bare, 26)}…` : bare };
}

/** A stable t.co code for a post's own permalink (used where X shortens a long text). */
export function permalinkCode(id: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let h = hash32(`permalink:${id}`);
  let code = '';
  for (let i = 0; i < 10; i++) {
    code += alphabet[h % 62];
    h = Math.floor(h / 62) + Math.imul(h, 31) + i;
    h >>>= 0;
  }
  return code;
}

/** Resolves handles (case-insensitive) to accounts: the context's, the tweet's own, else a stable guess. */
export function mentionResolver(tweet: Tweet, context: TweetContext): (username: string) => TweetAuthor {
  const known: (TweetAuthor | undefined)[] = [
    tweet.author,
    context.retweeted?.author,
    context.quoted?.author,
    context.repliedTo?.author,
    ...(context.mentioned ?? []),
  ];
  return (username) => {
    const lower = username.toLowerCase();
    for (const a of known) {
      if (
        a?.username !== undefined &&
        a.username.length === username.length &&
        a.username.toLowerCase() === lower
      ) {
        return a;
      }
    }
    return { id: userIdForHandle(username), username };
  };
}

/** An author's handle, or a stand-in when the source never had one. */
export function usernameOf(author: TweetAuthor): string {
  return author.username ?? `user${author.id}`;
}

/** An author's display name, or the handle when the source never had one. */
export function displayNameOf(author: TweetAuthor): string {
  return author.name ?? usernameOf(author);
}

/** The post a retweet repeats: from the context, else rebuilt from the retweet (author unknown). */
export function retweetedOf(tweet: Tweet, context: TweetContext): Tweet | undefined {
  if (tweet.retweetOf === undefined) return undefined;
  if (context.retweeted !== undefined) return context.retweeted;
  return {
    id: tweet.retweetOf,
    createdAt: tweet.createdAt,
    author: { id: '0', username: 'unknown' },
    text: tweet.text,
    lang: tweet.lang,
    hashtags: tweet.hashtags,
    mentions: tweet.mentions,
    format: tweet.format,
  };
}

/** Handle of the account a reply answers: the context's, else the text's leading @mention. */
export function repliedAccount(
  tweet: Tweet,
  context: TweetContext,
  resolve: (u: string) => TweetAuthor,
): TweetAuthor | undefined {
  if (tweet.replyTo === undefined) return undefined;
  if (context.repliedTo !== undefined) return context.repliedTo.author;
  const lead = /^[@＠]([A-Za-z0-9_]{1,15})/.exec(tweet.text);
  return lead === null ? undefined : resolve(lead[1]);
}

/**
 * X's HTML escaping of post text (`&`, `<`, `>`), which both API versions apply. Entity offsets
 * stay those of the unescaped text.
 */
export function escapeXText(text: string): string {
  if (text.indexOf('&') < 0 && text.indexOf('<') < 0 && text.indexOf('>') < 0) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
