import type { DebateConfig } from '../../lambda/core/debate-config';
import { validateDebateConfig } from '../../lambda/core/debate-config';
import { normaliseJsonLine } from '../../lambda/core/normalise';
import {
  debatePlan,
  encodeRecord,
  generateDebate,
  snowflakeTime,
  type GeneratedRecord,
  type GeneratorOptions,
} from '../../lambda/core/synthetic';
import type { Tweet } from '../../lambda/core/tweet';

const START = Date.UTC(2015, 8, 17, 0, 0, 0);

function debate(): DebateConfig {
  const result = validateDebateConfig({
    id: 'test-debate',
    title: 'Test debate',
    start: '2015-09-17T00:00:00Z',
    end: '2015-09-17T03:00:00Z',
    hashtags: ['GOPDebate', 'CNNDebate'],
    languages: [],
    candidates: {
      trump: {
        name: 'Donald Trump',
        terms: ['Trump', "Trump's", 'Donald Trump', '@realDonaldTrump', '#Trump2016'],
      },
      bush: { name: 'Jeb Bush', terms: ['Jeb', 'Jeb Bush', '@JebBush', '#Jeb2016'] },
      fiorina: { name: 'Carly Fiorina', terms: ['Fiorina', 'Carly', '@CarlyFiorina', '#Carly2016'] },
      paul: { name: 'Rand Paul', terms: ['Rand Paul', '@RandPaul', '#StandWithRand'] },
    },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const config = debate();

function records(opts: GeneratorOptions): GeneratedRecord[] {
  return [...generateDebate(config, opts)];
}

function tweets(opts: GeneratorOptions): Tweet[] {
  return records(opts).flatMap((r) => (r.kind === 'tweet' ? [r.tweet] : []));
}

/** One long run shared by the statistical tests (about 36,000 posts). */
const LONG: GeneratorOptions = { minutes: 60, rate: 10, seed: 'long-run' };
const long = tweets(LONG);

describe('generateDebate', () => {
  test('GIVEN the same config, options and seed WHEN generated twice THEN the encoded output is identical', () => {
    // GIVEN
    const opts: GeneratorOptions = { minutes: 3, rate: 20, seed: 'same', malformedRate: 0.05 };
    // WHEN
    const first = records(opts).map((r) => encodeRecord(r, config));
    const second = [...generateDebate(config, opts)].map((r) => encodeRecord(r, config));
    // THEN
    expect(first.length).toBeGreaterThan(1000);
    expect(second).toEqual(first);
  });

  test('GIVEN one iterable WHEN iterated twice THEN both passes yield the same records', () => {
    // GIVEN
    const run = generateDebate(config, { minutes: 1, rate: 20, seed: 3 });
    // WHEN
    const a = [...run].map((r) => encodeRecord(r, config));
    const b = [...run].map((r) => encodeRecord(r, config));
    // THEN
    expect(b).toEqual(a);
  });

  test('GIVEN a numeric seed WHEN generated THEN it seeds like its decimal string', () => {
    // GIVEN / WHEN
    const numeric = tweets({ minutes: 1, rate: 10, seed: 42 });
    const text = tweets({ minutes: 1, rate: 10, seed: '42' });
    // THEN
    expect(numeric.map((t) => t.text)).toEqual(text.map((t) => t.text));
  });

  test('GIVEN two different seeds WHEN generated THEN the outputs differ', () => {
    // GIVEN / WHEN
    const a = tweets({ minutes: 2, rate: 20, seed: 'a' });
    const b = tweets({ minutes: 2, rate: 20, seed: 'b' });
    // THEN
    expect(b.map((t) => t.text)).not.toEqual(a.map((t) => t.text));
    expect(b.map((t) => t.id)).not.toEqual(a.map((t) => t.id));
  });

  test('GIVEN a long run WHEN counted THEN the average rate is within 5 % of the requested rate', () => {
    // GIVEN
    const expected = LONG.rate * LONG.minutes * 60;
    // WHEN / THEN (Poisson noise alone is about 0.5 % here; the volume wobble adds a little)
    expect(Math.abs(long.length / expected - 1)).toBeLessThan(0.05);
  });

  test('GIVEN other seeds and rates WHEN counted THEN the average rate holds for each', () => {
    for (const [seed, rate] of [
      [1, 5],
      [2, 40],
      ['x', 15],
    ] as const) {
      // GIVEN
      const minutes = 30;
      // WHEN
      const n = tweets({ minutes, rate, seed }).length;
      // THEN
      expect(Math.abs(n / (rate * minutes * 60) - 1)).toBeLessThan(0.06);
    }
  });

  test('GIVEN a long run WHEN counted per 10 s THEN bursts rise well above the mean and quiet stretches fall below it', () => {
    // GIVEN
    const counts = new Map<number, number>();
    for (const t of long) {
      const slot = Math.floor((t.createdAt - START) / 10000);
      counts.set(slot, (counts.get(slot) ?? 0) + 1);
    }
    const slots = LONG.minutes * 6;
    const mean = long.length / slots;
    // WHEN
    const values = Array.from({ length: slots }, (_, i) => counts.get(i) ?? 0);
    // THEN
    expect(Math.max(...values)).toBeGreaterThan(2.5 * mean);
    expect(Math.min(...values)).toBeLessThan(0.6 * mean);
  });

  test('GIVEN a plan WHEN its moments are looked at THEN each burst sits where the plan puts a moment', () => {
    // GIVEN
    const plan = debatePlan(config, LONG);
    const at = (s: number): number =>
      long.filter((t) => t.createdAt >= START + s * 1000 && t.createdAt < START + (s + 30) * 1000).length;
    // WHEN
    const m = plan.moments.find((x) => x.at > 600 && x.at < 3000) ?? plan.moments[0];
    const before = at(m.at - 90);
    const after = at(m.at + m.rise);
    // THEN
    expect(plan.moments.length).toBeGreaterThanOrEqual(6);
    expect(after).toBeGreaterThan(1.5 * before);
  });

  test("GIVEN a gaffe in the plan WHEN the protagonist's own posts are scored THEN the share of positive posts drops after it", () => {
    // GIVEN
    const opts: GeneratorOptions = { minutes: 60, rate: 20, seed: 'gaffe' };
    const plan = debatePlan(config, opts);
    const ids = Object.keys(config.candidates);
    const gaffe = plan.moments.find((m) => m.kind === 'gaffe' && m.at > 240 && m.shock < -1);
    expect(gaffe).toBeDefined();
    if (gaffe === undefined) return;
    const who = ids[gaffe.protagonist];
    const all = tweets(opts).filter(
      (t) => t.retweetOf === undefined && t.ruleTags?.length === 1 && t.ruleTags[0] === who,
    );
    const positiveShare = (from: number, to: number): number => {
      const window = all.filter((t) => t.createdAt >= START + from * 1000 && t.createdAt < START + to * 1000);
      return window.filter((t) => POSITIVE_WORDS.test(t.text)).length / window.length;
    };
    // WHEN
    const before = positiveShare(gaffe.at - 120, gaffe.at);
    const after = positiveShare(gaffe.at + 5, gaffe.at + 65);
    // THEN
    expect(after).toBeLessThan(before - 0.1);
  });

  test('GIVEN a long run WHEN rule tags are counted THEN every candidate appears, with some two-candidate and some hashtag-only posts', () => {
    // GIVEN
    const originals = long.filter((t) => t.retweetOf === undefined);
    // WHEN
    const perCandidate = Object.keys(config.candidates).map(
      (id) => originals.filter((t) => t.ruleTags?.includes(id)).length,
    );
    const candidatesOf = (t: Tweet): number => (t.ruleTags ?? []).filter((tag) => tag !== 'debate').length;
    const two = originals.filter((t) => candidatesOf(t) >= 2).length;
    const none = originals.filter((t) => candidatesOf(t) === 0);
    // THEN
    for (const n of perCandidate) expect(n).toBeGreaterThan(originals.length * 0.03);
    expect(two / originals.length).toBeGreaterThan(0.03);
    expect(none.length / originals.length).toBeGreaterThan(0.02);
    for (const t of none) expect(t.ruleTags).toEqual(['debate']);
  });

  test('GIVEN a long run WHEN texts are read THEN posts name candidates through their config terms, hashtags, mentions, emoji and links', () => {
    // GIVEN
    const texts = long.map((t) => t.text);
    const share = (re: RegExp): number => texts.filter((t) => re.test(t)).length / texts.length;
    // WHEN / THEN
    expect(share(/Trump's/)).toBeGreaterThan(0.001);
    expect(share(/@realDonaldTrump|@JebBush|@CarlyFiorina|@RandPaul/)).toBeGreaterThan(0.05);
    expect(share(/#(GOPDebate|CNNDebate)/i)).toBeGreaterThan(0.3);
    expect(share(/\p{Extended_Pictographic}/u)).toBeGreaterThan(0.1);
    expect(share(/\u200D/)).toBeGreaterThan(0.005); // ZWJ sequences
    expect(share(/[\u{1F3FB}-\u{1F3FF}]/u)).toBeGreaterThan(0.005); // skin tones
    expect(share(/https:\/\/t\.co\/[A-Za-z0-9]{10}/)).toBeGreaterThan(0.03);
    expect(share(/\n/)).toBeGreaterThan(0.005);
  });

  test('GIVEN any generated post WHEN its hashtags and mentions are compared with its text THEN they are exactly those in the text, lower-cased, in order', () => {
    // GIVEN
    const sample = long.slice(0, 3000);
    // WHEN
    const wrong = sample.filter((t) => {
      const tags = [...t.text.matchAll(/(?<![\p{L}\p{N}_])#([\p{L}\p{N}_]+)/gu)].map((m) =>
        m[1].toLowerCase(),
      );
      const handles = [...t.text.matchAll(/(?<![A-Za-z0-9_])@([A-Za-z0-9_]{1,15})/g)].map((m) =>
        m[1].toLowerCase(),
      );
      return t.hashtags.join(' ') !== tags.join(' ') || t.mentions.join(' ') !== handles.join(' ');
    });
    // THEN
    expect(sample.some((t) => t.hashtags.length > 1)).toBe(true);
    expect(wrong.map((t) => t.text)).toEqual([]);
  });

  test('GIVEN a long run WHEN languages are counted THEN most posts are English and a few are in other languages', () => {
    // GIVEN / WHEN
    const langs = new Map<string, number>();
    for (const t of long) langs.set(t.lang, (langs.get(t.lang) ?? 0) + 1);
    const english = (langs.get('en') ?? 0) / long.length;
    // THEN
    expect(english).toBeGreaterThan(0.85);
    expect(english).toBeLessThan(0.98);
    expect([...langs.keys()].sort()).toEqual(expect.arrayContaining(['de', 'en', 'es', 'fr', 'pt']));
  });

  test("GIVEN a long run WHEN retweets are checked THEN each repeats an earlier post's id and text", () => {
    // GIVEN
    const byId = new Map(long.map((t) => [t.id, t]));
    const retweets = long.filter((t) => t.retweetOf !== undefined);
    const problems: string[] = [];
    // WHEN
    for (const rt of retweets) {
      const original = byId.get(rt.retweetOf as string);
      if (original === undefined) problems.push(`${rt.id}: retweets an unknown post`);
      else if (BigInt(original.id) >= BigInt(rt.id)) problems.push(`${rt.id}: retweets a later post`);
      else if (rt.text !== original.text || rt.hashtags.join() !== original.hashtags.join()) {
        problems.push(`${rt.id}: text or hashtags differ from the original`);
      }
      if (rt.coordinates !== undefined) problems.push(`${rt.id}: a retweet with coordinates`);
    }
    // THEN
    expect(retweets.length / long.length).toBeGreaterThan(0.2);
    expect(problems).toEqual([]);
  });

  test("GIVEN a long run WHEN replies and quotes are checked THEN they point at earlier posts and replies open with the author's handle", () => {
    // GIVEN
    const byId = new Map(long.map((t) => [t.id, t]));
    const replies = long.filter((t) => t.replyTo !== undefined);
    const quotes = long.filter((t) => t.quoteOf !== undefined);
    // WHEN / THEN
    expect(replies.length).toBeGreaterThan(long.length * 0.03);
    expect(quotes.length).toBeGreaterThan(long.length * 0.02);
    for (const r of replies) {
      const target = byId.get(r.replyTo as string);
      expect(target).toBeDefined();
      expect(r.text.startsWith(`@${target?.author.username} `)).toBe(true);
    }
    for (const q of quotes) expect(byId.has(q.quoteOf as string)).toBe(true);
  });

  test('GIVEN a long run WHEN authors are counted THEN a few accounts post often while most post once or twice', () => {
    // GIVEN
    const counts = new Map<string, number>();
    for (const t of long) counts.set(t.author.id, (counts.get(t.author.id) ?? 0) + 1);
    // WHEN
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const top10 = sorted.slice(0, 10).reduce((a, b) => a + b, 0);
    // THEN
    expect(sorted[0]).toBeGreaterThan(100);
    expect(top10 / long.length).toBeGreaterThan(0.03);
    expect(sorted[0] / long.length).toBeLessThan(0.05);
    expect(counts.size).toBeGreaterThan(long.length / 10);
  });

  test('GIVEN a long run WHEN authors are compared THEN each account keeps one handle and name, and handles are unique', () => {
    // GIVEN
    const seen = new Map<string, string>();
    const problems: string[] = [];
    // WHEN
    for (const t of long) {
      const key = `${t.author.username}|${t.author.name}`;
      const before = seen.get(t.author.id);
      if (before !== undefined && before !== key) problems.push(`${t.author.id}: ${before} then ${key}`);
      seen.set(t.author.id, key);
    }
    const handles = new Set([...seen.values()].map((v) => v.split('|')[0]));
    // THEN
    expect(problems).toEqual([]);
    expect(handles.size).toBe(seen.size);
  });

  test('GIVEN a long run WHEN geotags are counted THEN 1-2 % of posts carry plausible US coordinates', () => {
    // GIVEN / WHEN
    const geo = long.filter((t) => t.coordinates !== undefined);
    // THEN
    expect(geo.length / long.length).toBeGreaterThan(0.01);
    expect(geo.length / long.length).toBeLessThan(0.02);
    for (const { coordinates } of geo) {
      const { lon, lat } = coordinates as { lon: number; lat: number };
      expect(lon).toBeGreaterThan(-170);
      expect(lon).toBeLessThan(-65);
      expect(lat).toBeGreaterThan(18);
      expect(lat).toBeLessThan(72);
      expect(Math.round(lon * 1e6) / 1e6).toBe(lon);
    }
  });

  test('GIVEN a run WHEN timestamps and ids are checked THEN times are non-decreasing inside the run and ids increase and encode the time', () => {
    // GIVEN
    const end = START + LONG.minutes * 60000;
    const problems: string[] = [];
    // WHEN
    for (let i = 0; i < long.length; i++) {
      const t = long[i];
      if (t.createdAt < START || t.createdAt >= end) problems.push(`${t.id}: time outside the run`);
      if (!/^\d{18,19}$/.test(t.id)) problems.push(`${t.id}: not an 18-19 digit id`);
      if (snowflakeTime(t.id) !== t.createdAt) problems.push(`${t.id}: id does not encode ${t.createdAt}`);
      if (i > 0 && t.createdAt < long[i - 1].createdAt) problems.push(`${t.id}: time goes backwards`);
      if (i > 0 && BigInt(t.id) <= BigInt(long[i - 1].id)) problems.push(`${t.id}: id does not increase`);
    }
    // THEN
    expect(problems).toEqual([]);
  });

  test('GIVEN startAt WHEN generated THEN the run starts there instead of at the debate start', () => {
    // GIVEN
    const startAt = Date.UTC(2016, 0, 1, 12, 0, 0);
    // WHEN
    const run = tweets({ minutes: 0.5, rate: 20, seed: 1, startAt });
    // THEN
    expect(run[0].createdAt).toBeGreaterThanOrEqual(startAt);
    expect(run[run.length - 1].createdAt).toBeLessThan(startAt + 30000);
  });

  test('GIVEN no malformedRate WHEN generated THEN every record is a tweet', () => {
    // GIVEN / WHEN
    const run = records({ minutes: 5, rate: 20, seed: 'clean' });
    // THEN
    expect(run.every((r) => r.kind === 'tweet')).toBe(true);
  });

  test('GIVEN malformedRate 0.1 WHEN generated THEN about a tenth of the records are malformed raws that the normaliser rejects', () => {
    // GIVEN
    const run = records({ minutes: 10, rate: 10, seed: 'broken', malformedRate: 0.1 });
    // WHEN
    const broken = run.flatMap((r) => (r.kind === 'malformed' ? [r] : []));
    // THEN
    expect(Math.abs(broken.length / run.length - 0.1)).toBeLessThan(0.015);
    const kinds = new Set(broken.map((b) => b.why.replace(/[\d(].*$/, '').trim()));
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining(['truncated JSON', 'missing data.id', 'lone high surrogate in text', 'text of']),
    );
    for (const b of broken) {
      expect(b.format).toBe('x-v2');
      expect(normaliseJsonLine(b.raw).ok).toBe(false);
    }
  });

  test('GIVEN format csv WHEN malformed records are asked for THEN they are CSV rows and tweets carry no rule tags', () => {
    // GIVEN / WHEN
    const run = records({ minutes: 2, rate: 20, seed: 'csv', malformedRate: 0.2, format: 'csv' });
    // THEN
    for (const r of run) {
      if (r.kind === 'malformed') expect(r.raw.startsWith('{')).toBe(false);
      else {
        expect(r.tweet.format).toBe('csv');
        expect(r.tweet.ruleTags).toBeUndefined();
      }
    }
  });

  test('fails if rate is 0', () => {
    expect(() => generateDebate(config, { minutes: 1, rate: 0, seed: 1 })).toThrow(RangeError);
    expect(() => generateDebate(config, { minutes: 1, rate: 0, seed: 1 })).toThrow(/^rate must be/);
  });

  test('fails if minutes is not a positive finite number', () => {
    for (const minutes of [0, -1, NaN, Infinity]) {
      expect(() => generateDebate(config, { minutes, rate: 1, seed: 1 })).toThrow(/^minutes must be/);
    }
  });

  test('fails if malformedRate is outside 0..1', () => {
    expect(() => generateDebate(config, { minutes: 1, rate: 1, seed: 1, malformedRate: 1.5 })).toThrow(
      /^malformedRate must be/,
    );
  });

  test('fails if startAt is before the snowflake epoch or not an integer', () => {
    expect(() =>
      generateDebate(config, { minutes: 1, rate: 1, seed: 1, startAt: Date.UTC(2009, 0, 1) }),
    ).toThrow(/^startAt must be/);
    expect(() => generateDebate(config, { minutes: 1, rate: 1, seed: 1, startAt: START + 0.5 })).toThrow(
      /^startAt must be/,
    );
  });

  test('fails if seed is not a string or a finite number', () => {
    expect(() => generateDebate(config, { minutes: 1, rate: 1, seed: NaN })).toThrow(/^seed must be/);
  });

  test('fails if rate is above the maximum', () => {
    expect(() => generateDebate(config, { minutes: 1, rate: 1e6, seed: 1 })).toThrow(/^rate must be/);
  });
});

/** Words only the positive phrase banks use (the negative ones never contain them). */
const POSITIVE_WORDS =
  /\b(great|strong|love|best|brilliant|impressive|good|excellent|amazing|awesome|smart|honest|wins|perfect|fantastic|winner)\b/i;
