/**
 * `npm run bench`: the analytics core, single-threaded (tweets/s/core), side by side with the npm
 * packages it replaces, on the same inputs in one run:
 *   vader (trendoff) vs the npm `vader-sentiment` port; afinn (trendoff) vs the npm `sentiment`
 *   package; and the whole core path (normalise X API v2 JSON + de-duplicate + match + score +
 *   aggregate into 5-s buckets).
 * Inputs: short synthetic debate tweets from the seeded generator (examples/gop-2015-09-16.json).
 */
import * as fs from 'fs';
import * as path from 'path';
import Sentiment from 'sentiment';
import { addToBuckets, type CandidateBuckets } from '../lambda/core/aggregate';
import { parseDebateConfig } from '../lambda/core/debate-config';
import { createTweetPipeline } from '../lambda/core/pipeline';
import { createScorer } from '../lambda/core/sentiment';
import { encodeV2, generateDebate } from '../lambda/core/synthetic';
import { fmt, measure, type BenchCase } from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const vaderNpm = require('vader-sentiment') as {
  SentimentIntensityAnalyzer: { polarity_scores(t: string): { compound: number } };
};

const N = Number(process.env.BENCH_TWEETS ?? 20_000);
const parsed = parseDebateConfig(
  fs.readFileSync(path.join(__dirname, '../../examples/gop-2015-09-16.json'), 'utf8'),
);
if (!parsed.ok) throw new Error('example config invalid');
const config = parsed.config;

const tweets = [];
for (const r of generateDebate(config, { minutes: 600, rate: 50, seed: 'bench' })) {
  if (r.kind === 'tweet') tweets.push(r.tweet);
  if (tweets.length === N) break;
}
const texts = tweets.map((t) => t.text);
const lines = tweets.map((t) => encodeV2(t, config));
const avgChars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
const avgLine = lines.reduce((s, t) => s + t.length, 0) / lines.length;
const mean = (xs: readonly string[]): string => (xs.reduce((s, t) => s + t.length, 0) / xs.length).toFixed(0);
// The npm ports are slow; a slice of the same texts keeps the run short without changing the rate.
const slowTexts = texts.slice(0, Math.min(texts.length, 4_000));

// A second input set: the texts whose reference VADER values the tests check (real tweets from the
// VADER paper's data, review sentences, hand-made edge cases, synthetic posts).
const referenceTexts = fs
  .readFileSync(path.join(__dirname, '../../test/fixtures/vader-reference.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { text: string }).text);

const vader = createScorer('vader');
const afinn = createScorer('afinn');
const sentiment = new Sentiment();

function scoreAll(list: readonly string[], f: (t: string) => number, repeat = 1): number {
  let s = 0;
  for (let r = 0; r < repeat; r++) for (const t of list) s += f(t);
  return s;
}

// The reference set is small: scored once, a round lasts a few milliseconds and the collector's
// background work after gc() lands inside it. Repeating the set makes each round long enough.
const REFERENCE_REPEAT = 20;

function wholePath(lexicon: 'vader' | 'afinn'): () => number {
  return () => {
    const pipeline = createTweetPipeline({ config, scorer: lexicon === 'vader' ? vader : afinn });
    const buckets: CandidateBuckets = new Map();
    let scored = 0;
    for (const line of lines) {
      const o = pipeline.fromJsonLine(line);
      if (o.kind === 'scored') {
        addToBuckets(buckets, o.scored, 5000);
        scored++;
      }
    }
    return scored;
  };
}

const cases: BenchCase[] = [
  { name: 'vader (trendoff)', items: texts.length, run: () => scoreAll(texts, (t) => vader.score(t).score) },
  {
    name: 'vader-sentiment (npm)',
    items: slowTexts.length,
    run: () => scoreAll(slowTexts, (t) => vaderNpm.SentimentIntensityAnalyzer.polarity_scores(t).compound),
  },
  {
    name: 'vader (trendoff), reference set',
    items: referenceTexts.length * REFERENCE_REPEAT,
    run: () => scoreAll(referenceTexts, (t) => vader.score(t).score, REFERENCE_REPEAT),
  },
  {
    name: 'vader-sentiment (npm), reference set',
    items: referenceTexts.length,
    run: () =>
      scoreAll(referenceTexts, (t) => vaderNpm.SentimentIntensityAnalyzer.polarity_scores(t).compound),
  },
  { name: 'afinn (trendoff)', items: texts.length, run: () => scoreAll(texts, (t) => afinn.score(t).score) },
  {
    name: 'sentiment (npm, AFINN-165)',
    items: texts.length,
    run: () => scoreAll(texts, (t) => sentiment.analyze(t).score),
  },
  { name: 'core path, vader', items: lines.length, run: wholePath('vader') },
  { name: 'core path, afinn', items: lines.length, run: wholePath('afinn') },
];

process.stdout.write(
  `trendoff core benchmark — node ${process.version}, ${tweets.length} synthetic tweets ` +
    `(mean ${avgChars.toFixed(0)} chars of text, ${avgLine.toFixed(0)} bytes as X API v2 JSON) and the ` +
    `${referenceTexts.length} texts of the VADER reference set (mean ${mean(referenceTexts)} chars); one core, median of 7 rounds\n\n`,
);
const results = measure(cases);
const rate = (name: string): number => results.find((r) => r.name === name)!.perSecond;
for (const r of results)
  process.stdout.write(`${r.name.padEnd(38)} ${fmt(r.perSecond).padStart(12)} tweets/s\n`);

const checks: [string, number, number][] = [
  ['vader vs vader-sentiment', rate('vader (trendoff)') / rate('vader-sentiment (npm)'), 30],
  [
    'vader vs npm, reference set',
    rate('vader (trendoff), reference set') / rate('vader-sentiment (npm), reference set'),
    30,
  ],
  ['afinn vs sentiment', rate('afinn (trendoff)') / rate('sentiment (npm, AFINN-165)'), 3],
];
process.stdout.write('\n');
for (const [name, ratio, target] of checks) {
  process.stdout.write(
    `${name.padEnd(38)} ${ratio.toFixed(1).padStart(10)}×   (target ≥ ${target}×) ${ratio >= target ? 'met' : 'NOT met'}\n`,
  );
}
const core = rate('core path, vader');
process.stdout.write(
  `${'core path (vader)'.padEnd(38)} ${fmt(core).padStart(10)}/s (target ≥ 100,000 tweets/s/core) ${core >= 100_000 ? 'met' : 'NOT met'}\n`,
);
