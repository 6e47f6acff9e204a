import type { Extreme } from '../aggregate/extreme';

/** X's page for a post, by id alone (it redirects to the author's handle). */
const X_POST_PAGE = 'https://x.com/i/web/status/';
const X_POST_URL = /^https:\/\/x\.com\/i\/web\/status\/[0-9]{1,25}$/;

/**
 * Where a reader can open a post on X, or null when X has no such post: a generated one (its id only
 * looks like X's) or an id that is not a decimal post id. Real posts, from the stream or a replayed
 * archive, link; a post deleted since may still lead to X's "not found" page.
 */
export function postUrl(e: Extreme): string | null {
  const url = X_POST_PAGE + e.id;
  return e.synthetic === true || !X_POST_URL.test(url) ? null : url;
}

/**
 * True for an address {@link postUrl} makes. Pages and reports link only to these, whatever an API
 * answered, so no other address can reach a reader through a post.
 */
export function isXPostUrl(url: string | null): url is string {
  return url !== null && X_POST_URL.test(url);
}
