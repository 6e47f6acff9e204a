/**
 * The seeded synthetic debate: a stream of posts that stands in for X's filtered stream in local
 * runs, demos, tests and benchmarks. The same config, options and seed always give the same records,
 * on any machine. Records stream out of an iterator in time order with constant memory, so hours at
 * thousands of posts per second are fine.
 *
 * Arrivals are a Poisson process whose intensity is piecewise constant per second (exponential gaps),
 * following the script's bursts and quiet stretches; each post is then an original, a retweet of a
 * recent post (popular accounts' posts more often), a reply or a quote, by an account drawn from a
 * Zipf-like pool, about zero, one or two candidates chosen by their current share of attention, with
 * a tone drawn from the candidate's drifting sentiment and the account's own lean.
 */
import type { DebateConfig } from '../debate-config';
import type { GeoPoint, Tweet, TweetFormat } from '../tweet';
import { AuthorPool, pickCdf, type AuthorProfile } from './authors';
import { buildVoices, Composer, type Subject, type Tone } from './compose';
import { matchRuleTags } from './entities';
import { breakRecord } from './malformed';
import { US_PLACES } from './phrases';
import { hash32, Random } from './prng';
import { attachGenerated, type GeneratedRecord, type TweetContext } from './record';
import { DebateState, planDebate, type DebatePlan } from './script';
import { shown, type ShownText } from './shown-text';
import { SNOWFLAKE_EPOCH_MS, snowflakeId } from './snowflake';

export interface GeneratorOptions {
  /** Length of the run in minutes (fractions allowed), at most one week. */
  readonly minutes: number;
  /** Average posts per second over the run, at most 50,000. */
  readonly rate: number;
  /** Any string or finite number; numbers seed like their decimal string. */
  readonly seed: string | number;
  /** Share of records, 0..1, that are deliberately malformed. @default 0 */
  readonly malformedRate?: number;
  /** First instant of the run, epoch ms. @default the debate's `start` */
  readonly startAt?: number;
  /**
   * Wire format the run stands for: sets `Tweet.format`, whether tweets carry `ruleTags` (only
   * `x-v2` has matching rules) and the format of malformed records. @default 'x-v2'
   */
  readonly format?: TweetFormat;
}

export const MAX_MINUTES = 7 * 24 * 60;
export const MAX_RATE = 50000;
const FORMATS: readonly TweetFormat[] = ['x-v2', 'x-v1', 'csv'];

/** Shares of post kinds (the rest are originals). */
const RETWEET_SHARE = 0.3;
const REPLY_SHARE = 0.08;
const QUOTE_SHARE = 0.05;
/** Posts about the event only (its hashtag, no candidate), and posts about two candidates. */
const NO_CANDIDATE_SHARE = 0.06;
const TWO_CANDIDATE_SHARE = 0.08;
const NEUTRAL_SHARE = 0.25;
/** About 1.5 % of all posts are geotagged; retweets never are, so originals carry a bit more. */
const GEO_SHARE = 0.015 / (1 - RETWEET_SHARE);
/** Recent posts that can be retweeted, replied to or quoted; a few "viral" ones draw half the retweets. */
const RECENT_POSTS = 1024;
const VIRAL_POSTS = 16;
const VIRAL_RANK = 200;

interface Settings {
  readonly minutes: number;
  readonly rate: number;
  readonly seed: string;
  readonly malformedRate: number;
  readonly startAt: number;
  readonly format: TweetFormat;
}

interface Recent {
  readonly tweet: Tweet;
  readonly context: TweetContext;
  /** The text with its entities, found once and reused by the encoders. */
  readonly shown: ShownText;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The records of a synthetic debate. Each iteration starts over and yields the same records.
 * @throws RangeError naming the bad option (checked at once, not on first iteration)
 */
export function generateDebate(config: DebateConfig, opts: GeneratorOptions): Iterable<GeneratedRecord> {
  const settings = checkOptions(config, opts);
  return { [Symbol.iterator]: () => run(config, settings) };
}

/** The moments, quiet stretches and candidate shares a seed gives (the same as generateDebate uses). */
export function debatePlan(config: DebateConfig, opts: GeneratorOptions): DebatePlan {
  const s = checkOptions(config, opts);
  return planDebate(
    new Random(`${s.seed}#script`),
    durationMs(s) / 1000,
    Object.keys(config.candidates).length,
  );
}

function durationMs(s: Settings): number {
  return Math.max(1, Math.round(s.minutes * 60000));
}

function* run(config: DebateConfig, o: Settings): Generator<GeneratedRecord, void, undefined> {
  const scriptRng = new Random(`${o.seed}#script`);
  const rng = new Random(`${o.seed}#posts`);
  const runMs = durationMs(o);
  const seconds = runMs / 1000;
  const voices = buildVoices(config);
  const plan = planDebate(scriptRng, seconds, voices.length);
  const state = new DebateState(plan, scriptRng, o.rate, seconds);
  const favouriteCdf = cumulative(plan.baseShares);
  const poolSize = Math.min(1000000, Math.max(200, Math.round((o.rate * seconds) / 3)));
  const pool = new AuthorPool(hash32(`${o.seed}#authors`), poolSize, favouriteCdf);
  const composer = new Composer(config);
  const worker = hash32(`${o.seed}#worker`) % 512;
  const withRuleTags = o.format === 'x-v2';

  const recent: Recent[] = [];
  let recentNext = 0;
  const viral: Recent[] = [];
  const remember = (entry: Recent, author: AuthorProfile): void => {
    if (recent.length < RECENT_POSTS) recent.push(entry);
    else recent[recentNext] = entry;
    recentNext = (recentNext + 1) % RECENT_POSTS;
    if (author.rank < VIRAL_RANK && rng.chance(0.3)) {
      if (viral.length < VIRAL_POSTS) viral.push(entry);
      else viral[rng.int(VIRAL_POSTS)] = entry;
    }
  };
  const target = (forRetweet: boolean): Recent =>
    forRetweet && viral.length > 0 && rng.chance(0.5) ? rng.pick(viral) : recent[rng.int(recent.length)];

  const toneFor = (candidate: number, author: AuthorProfile): Tone => {
    if (rng.chance(NEUTRAL_SHARE)) return 'neu';
    let s = state.sentiment[candidate];
    if (author.favourite === candidate) s += author.lean;
    else if (author.favourite >= 0) s -= author.lean / 2;
    return rng.next() < (1 + Math.max(-1, Math.min(1, s))) / 2 ? 'pos' : 'neg';
  };
  const subjectsFor = (author: AuthorProfile): Subject[] => {
    const n = voices.length;
    if (n === 0 || (composer.hasDebateTags && rng.chance(NO_CANDIDATE_SHARE))) return [];
    const a = pickCdf(state.shareCdf, rng.next());
    const subjects: Subject[] = [{ voice: voices[a], tone: toneFor(a, author) }];
    if (n > 1 && rng.chance(TWO_CANDIDATE_SHARE)) {
      let b = pickCdf(state.shareCdf, rng.next());
      if (b === a) b = (a + 1 + rng.int(n - 1)) % n;
      subjects.push({ voice: voices[b], tone: toneFor(b, author) });
    }
    return subjects;
  };

  /** A new post (original, reply or quote) by `author`. */
  const write = (
    id: string,
    createdAt: number,
    author: AuthorProfile,
    replyTo?: Recent,
    quoteOf?: Recent,
  ): Recent => {
    const bystander = rng.chance(0.03) ? pool.profile(pool.sample(rng)).author : undefined;
    const composed = composer.compose(rng, {
      author,
      subjects: subjectsFor(author),
      generalTone: rng.chance(0.6) ? 'neu' : rng.chance(0.5) ? 'pos' : 'neg',
      ...(replyTo?.tweet.author.username !== undefined ? { replyTo: replyTo.tweet.author.username } : {}),
      ...(bystander !== undefined ? { bystander } : {}),
    });
    const text = shown(composed.text);
    const hashtags = text.entities.hashtags.map((e) => e.value.toLowerCase());
    const tweet: Mutable<Tweet> = {
      id,
      createdAt,
      author: author.author,
      text: composed.text,
      lang: composed.lang,
      hashtags,
      mentions: text.entities.mentions.map((e) => e.value.toLowerCase()),
      synthetic: true,
      format: o.format,
    };
    if (rng.chance(GEO_SHARE)) tweet.coordinates = place(rng);
    if (quoteOf !== undefined) tweet.quoteOf = quoteOf.tweet.id;
    if (replyTo !== undefined) tweet.replyTo = replyTo.tweet.id;
    if (withRuleTags) tweet.ruleTags = matchRuleTags(config, composed.text, hashtags);
    const context: Mutable<TweetContext> = {};
    if (composed.mentioned.length > 0) context.mentioned = composed.mentioned;
    if (quoteOf !== undefined) context.quoted = quoteOf.tweet;
    if (replyTo !== undefined) context.repliedTo = replyTo.tweet;
    return { tweet, context, shown: text };
  };

  const retweet = (id: string, createdAt: number, author: AuthorProfile, of: Recent): Recent => {
    const orig = of.tweet;
    const tweet: Mutable<Tweet> = {
      id,
      createdAt,
      author: author.author,
      text: orig.text,
      lang: orig.lang,
      hashtags: orig.hashtags,
      mentions: orig.mentions,
      retweetOf: orig.id,
      synthetic: true,
      format: o.format,
    };
    if (orig.ruleTags !== undefined) tweet.ruleTags = orig.ruleTags;
    const context: Mutable<TweetContext> = { retweeted: orig };
    if (of.context.mentioned !== undefined) context.mentioned = of.context.mentioned;
    return { tweet, context, shown: of.shown };
  };

  let lastMs = -1;
  let seq = 0;
  const wholeSeconds = Math.ceil(seconds);
  for (let s = 0; s < wholeSeconds; s++) {
    state.advance(s);
    const lambda = state.intensity;
    const end = Math.min(s + 1, seconds);
    let t = s;
    for (;;) {
      t += rng.exponential(lambda);
      if (t >= end) break;
      const createdAt = o.startAt + Math.min(runMs - 1, Math.floor(t * 1000));
      seq = createdAt === lastMs ? seq + 1 : 0;
      lastMs = createdAt;
      // 9 worker bits leave the sequence 2^13 values per millisecond, far above the busiest burst.
      const id = snowflakeId(createdAt, worker * 8192 + seq);

      if (o.malformedRate > 0 && rng.next() < o.malformedRate) {
        const post = write(id, createdAt, pool.profile(pool.sample(rng)));
        attachGenerated(post.tweet, post.context, post.shown);
        const broken = breakRecord(rng, post.tweet, post.context, config, o.format);
        yield { kind: 'malformed', createdAt, format: o.format, raw: broken.raw, why: broken.why };
        continue;
      }

      const author = pool.profile(pool.sample(rng));
      const roll = recent.length > 0 ? rng.next() : 1;
      let post: Recent;
      if (roll < RETWEET_SHARE) post = retweet(id, createdAt, author, target(true));
      else if (roll < RETWEET_SHARE + REPLY_SHARE) post = write(id, createdAt, author, target(false));
      else if (roll < RETWEET_SHARE + REPLY_SHARE + QUOTE_SHARE)
        post = write(id, createdAt, author, undefined, target(false));
      else post = write(id, createdAt, author);
      // Replies are not reused as targets, so every reply's conversation is the post it answers.
      if (post.tweet.retweetOf === undefined && post.tweet.replyTo === undefined) remember(post, author);
      attachGenerated(post.tweet, post.context, post.shown);
      yield { kind: 'tweet', tweet: post.tweet, context: post.context };
    }
  }
}

/** A point near a US city, rounded to 6 decimals (~10 cm) so it prints and parses back exactly. */
function place(rng: Random): GeoPoint {
  const [lon, lat] = rng.pick(US_PLACES);
  return { lon: round6(lon + 0.08 * rng.normal()), lat: round6(lat + 0.06 * rng.normal()) };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function cumulative(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

function checkOptions(config: DebateConfig, opts: GeneratorOptions): Settings {
  const { minutes, rate, seed, malformedRate = 0, startAt = config.start, format = 'x-v2' } = opts;
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_MINUTES) {
    throw new RangeError(`minutes must be a number in (0, ${MAX_MINUTES}], got ${String(minutes)}`);
  }
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0 || rate > MAX_RATE) {
    throw new RangeError(
      `rate must be a number of posts per second in (0, ${MAX_RATE}], got ${String(rate)}`,
    );
  }
  if (!(typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed)))) {
    throw new RangeError(`seed must be a string or a finite number, got ${String(seed)}`);
  }
  if (typeof malformedRate !== 'number' || !(malformedRate >= 0 && malformedRate <= 1)) {
    throw new RangeError(`malformedRate must be a number in [0, 1], got ${String(malformedRate)}`);
  }
  if (typeof startAt !== 'number' || !Number.isInteger(startAt) || startAt < SNOWFLAKE_EPOCH_MS) {
    throw new RangeError(
      `startAt must be integer epoch milliseconds from ${new Date(SNOWFLAKE_EPOCH_MS).toISOString()} on ` +
        `(snowflake ids start there), got ${String(startAt)}`,
    );
  }
  if (!FORMATS.includes(format))
    throw new RangeError(`format must be one of ${FORMATS.join(', ')}, got ${String(format)}`);
  if (Object.keys(config.candidates).length === 0 && config.hashtags.length === 0) {
    throw new RangeError('config must have candidates or hashtags, or no post could match it');
  }
  return { minutes, rate, seed: String(seed), malformedRate, startAt, format };
}
