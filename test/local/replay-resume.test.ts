/**
 * A replay stopped between a stream write and the save of its place resumes without counting the
 * posts of that write twice: the resumed run reads back what reached the stream since its last save
 * and does not send it again. Real runner, emulators persisted under a data dir.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import { parseDebateConfig } from '../../lambda/core/debate-config';
import { createTweetPipeline } from '../../lambda/core/pipeline';
import { createScorer } from '../../lambda/core/sentiment';
import { encodeRecord, generateDebate } from '../../lambda/core/synthetic';
import { runLocal, type LocalOptions } from '../../lib/local/runner';

const parsed = parseDebateConfig(
  fs.readFileSync(path.join(__dirname, '../../examples/pres-2016-09-26.json'), 'utf8'),
);
if (!parsed.ok) throw new Error('example invalid');
const config = parsed.config;
const lines = [...generateDebate(config, { minutes: 2, rate: 10, seed: 'resume' })].map((r) =>
  encodeRecord(r, config),
);

// Each candidate's count of unique posts, from the core alone.
const want: Record<string, number> = Object.fromEntries(Object.keys(config.candidates).map((c) => [c, 0]));
const reference = createTweetPipeline({ config, scorer: createScorer('vader') });
for (const l of lines) {
  const o = reference.fromJsonLine(l);
  if (o.kind === 'scored') for (const c of o.scored.candidates) want[c]!++;
}

const silent = new Writable({ write: (_c, _e, done) => done() });

describe('trendoff local: a replay resumed after a stop between a write and the save of its place', () => {
  test('GIVEN the saved place 300 posts behind the stream WHEN the replay resumes THEN every post is counted once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-resume-'));
    const input = path.join(dir, 'replay.jsonl');
    fs.writeFileSync(input, lines.join('\n') + '\n');
    const options: LocalOptions = {
      config,
      source: { kind: 'replay', input },
      speed: Infinity,
      scorer: createScorer('vader'),
      bucketMs: 5000,
      dataDir: path.join(dir, 'state'),
      fresh: false,
      once: true,
      port: 0,
      shards: 2,
      batchSize: 100,
      batchWindowMs: 100,
      maxBacklog: 0,
      webDir: undefined,
      stderr: silent,
      signal: new AbortController().signal,
    };
    // GIVEN a run that sent and processed everything …
    const startedAt = Date.now();
    const first = await runLocal(options);
    expect(first.per_candidate).toEqual(want);
    // … but whose last saved place is 300 posts back (saved before those posts reached the stream)
    const place = path.join(dir, 'state', 'checkpoints', 'producer.json');
    const saved = JSON.parse(fs.readFileSync(place, 'utf8')) as { source: string; sent: number };
    expect(saved.sent).toBe(lines.length);
    fs.writeFileSync(place, JSON.stringify({ ...saved, sent: lines.length - 300, savedAt: startedAt }));
    // WHEN the replay resumes from that place
    const second = await runLocal(options);
    // THEN the 300 posts were not sent again, and no candidate counts any post twice
    expect(second.tweets_in).toBe(0);
    expect(second.per_candidate).toEqual(want);
  }, 120_000);
});
