/**
 * A pool of synthetic accounts with Zipf-like activity: a few accounts post a lot, most post once or
 * twice, as on X during a live event. Every account's traits derive from (seed, index) by hashing,
 * so the pool costs no memory beyond a small cache, however many accounts it holds.
 */
import type { TweetAuthor } from '../tweet';
import { ACCENTED_NAMES, FIRST_NAMES, LAST_NAMES, NAME_SUFFIXES, OTHER_LANGUAGES } from './phrases';
import { hash32, mix32, type Random } from './prng';
import { pow } from './portable-math';

/** What drives an account's posts besides the debate itself. */
export interface AuthorProfile {
  readonly author: TweetAuthor;
  /** Popularity rank, 0 = most active. */
  readonly rank: number;
  /** Usual language of the account's posts. */
  readonly lang: string;
  /** Index of the candidate the account favours, or -1 for none. */
  readonly favourite: number;
  /** How strongly the account leans (added to the favourite's latent sentiment, taken from others'). */
  readonly lean: number;
  /** Probability that a post carries emoji. */
  readonly emojiRate: number;
  /** Probability that a post shouts (upper-case phrase, "!!!"). */
  readonly shoutRate: number;
  /** Habitual phrases: the index where the account's favourite stretch of each phrase bank starts. */
  readonly habit: number;
}

/** Zipf exponent below 1: heavy enough for prolific accounts, yet no account posts more than ~2-4 %. */
const ZIPF_EXPONENT = 0.65;
/** Profiles kept ready: the busiest accounts stay cached, the long tail is rebuilt on demand. */
const CACHE_SIZE = 32768;
const OTHER_LANGS = Object.keys(OTHER_LANGUAGES);

export class AuthorPool {
  private readonly cache: (AuthorProfile | undefined)[] = new Array<AuthorProfile | undefined>(CACHE_SIZE);
  private readonly span: number;

  /**
   * @param salt hash of the run's seed, so each seed has its own crowd
   * @param size number of distinct accounts
   * @param favouriteCdf cumulative shares of candidates, for drawing each account's favourite
   */
  constructor(
    private readonly salt: number,
    readonly size: number,
    private readonly favouriteCdf: readonly number[],
  ) {
    this.span = pow(size + 1, 1 - ZIPF_EXPONENT) - 1;
  }

  /** Draws an account index: inverse CDF of a continuous power law, binned to integers. */
  sample(rng: Random): number {
    const x = pow(1 + rng.next() * this.span, 1 / (1 - ZIPF_EXPONENT));
    const k = Math.floor(x) - 1;
    return k < 0 ? 0 : k >= this.size ? this.size - 1 : k;
  }

  profile(index: number): AuthorProfile {
    const slot = index % CACHE_SIZE;
    const hit = this.cache[slot];
    if (hit !== undefined && hit.rank === index) return hit;
    const made = this.make(index);
    this.cache[slot] = made;
    return made;
  }

  private make(index: number): AuthorProfile {
    let h = mix32(this.salt ^ Math.imul(index + 1, 0x9e3779b1));
    const next = (): number => {
      h = mix32(h + 0x6d2b79f5);
      return h / 4294967296;
    };
    const first = FIRST_NAMES[Math.floor(next() * FIRST_NAMES.length)];
    const last = LAST_NAMES[Math.floor(next() * LAST_NAMES.length)];
    // The numeric suffix is injective in the index, so usernames (and ids) never collide.
    const suffix = String(index * 37 + 11 + Math.floor(next() * 37));
    const style = Math.floor(next() * 5);
    const stem =
      style === 0
        ? first + last
        : style === 1
          ? `${first}_${last[0]}`
          : style === 2
            ? `real${capitalise(first)}`
            : style === 3
              ? capitalise(first) + capitalise(last)
              : `${last}${first[0]}`;
    const username = stem.slice(0, 15 - suffix.length) + suffix;
    const fancy = next();
    const plain = `${capitalise(first)} ${capitalise(last)}`;
    const name =
      fancy < 0.05
        ? ACCENTED_NAMES[Math.floor(next() * ACCENTED_NAMES.length)]
        : fancy < 0.15
          ? plain + NAME_SUFFIXES[Math.floor(next() * NAME_SUFFIXES.length)]
          : fancy < 0.2
            ? plain.toUpperCase()
            : plain;
    // Old accounts have short sequential ids, newer ones snowflake-length ids; both embed the index.
    const id =
      next() < 0.35
        ? String(10000000 + index * 97 + Math.floor(next() * 97))
        : String(70000000000 + Math.floor(next() * 900000000000)) + String(index).padStart(7, '0');
    const langRoll = next();
    const lang =
      langRoll < 0.9 ? 'en' : OTHER_LANGS[Math.floor(((langRoll - 0.9) / 0.1) * OTHER_LANGS.length)];
    const partisan = next() < 0.45 && this.favouriteCdf.length > 0;
    const favourite = partisan ? pickCdf(this.favouriteCdf, next()) : -1;
    return {
      author: { id, username, name },
      rank: index,
      lang,
      favourite,
      lean: partisan ? 0.4 + 0.8 * next() : 0,
      emojiRate: next() * next() * 0.9,
      shoutRate: next() * 0.2,
      habit: Math.floor(next() * 1000),
    };
  }
}

/**
 * Stable 10-digit user id for a handle whose account the generator does not model (a candidate's).
 * Pool accounts have 8-9 or 18-19 digits, so the two never collide.
 */
export function userIdForHandle(handle: string): string {
  const bare = handle.startsWith('@') ? handle.slice(1) : handle;
  return String(1000000000 + (hash32(`handle:${bare.toLowerCase()}`) % 3000000000));
}

/** Index of the first cumulative weight above u (u in [0, last)). */
export function pickCdf(cdf: readonly number[], u: number): number {
  const target = u * cdf[cdf.length - 1];
  for (let i = 0; i < cdf.length; i++) if (target < cdf[i]) return i;
  return cdf.length - 1;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
