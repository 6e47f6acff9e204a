/** `trendoff local`: run the whole pipeline on this machine (see lib/local/runner.ts). */
import * as fs from 'fs';
import * as path from 'path';
import type { Writable } from 'stream';
import { DEFAULT_BUCKET_MS } from '../../lambda/handlers/env/processor-env';
import { POST_FORMAT_CHOICES, VOTE_LINES } from '../../lambda/io/post-format';
import {
  apiUrlFrom,
  MAX_BACKFILL_MINUTES,
  parseBackfillMinutes,
  X_BACKFILL_MINUTES_ENV,
  X_BEARER_TOKEN_ENV,
} from '../../lambda/x/x-settings';
import { LOCAL_STREAMS, runLocal, type LocalSource } from '../local/runner';
import { BackpressureWriter } from '../io/backpressure-writer';
import { packagePath } from '../io/package-root';
import { loadDebateConfig } from './debate-file';
import { parseDuration } from './duration';
import {
  choiceOption,
  InputError,
  numberOption,
  parseCommandArgs,
  scorerOption,
  UsageError,
} from './command-args';

export const DEFAULT_DEBATE = path.join('examples', 'gop-2015-09-16.json');

export const LOCAL_HELP = `Usage: trendoff local [--debate F] [--source synthetic|replay|x|none] [--input F] [--format F]
                     [--speed N|max] [--once] [--data-dir D] [--fresh] [--port P]
                     [--stream kinesis|kafka] [--workers N] [options]

Runs the whole pipeline on this machine, on 127.0.0.1 only: local Kinesis, DynamoDB and S3, the
producer, the stream processor and raw archiver (driven exactly as Lambda and Firehose drive them in
the cloud), and the query API with the dashboard. Prints the dashboard URL, then a live status line
(posts in, processed, processing lag: a post's arrival in the stream to its aggregates stored,
rejected, posts/s, and the X connection's state) on stderr. Ctrl-C stops cleanly; the state in
the data dir survives, so the next run resumes (--fresh starts over). SIGUSR2 (kill -USR2 PID)
pauses processing and resumes it, to see what the dashboard shows when the pipeline stalls.

Options:
  --debate F         debate config (default ${DEFAULT_DEBATE})
  --source S         synthetic (default): the seeded generator; replay: a file (--input);
                     x: X's live filtered stream (token in TRENDOFF_X_BEARER_TOKEN, API
                     TRENDOFF_X_API_URL; set the rules first with "trendoff rules sync");
                     none: ingest nothing, serve the past debates already in --data-dir
  --backfill-minutes N
                     x: on a reconnect, ask X to send again up to N minutes missed (1-${MAX_BACKFILL_MINUTES};
                     X Enterprise access only; default ${X_BACKFILL_MINUTES_ENV} or 0 = off); posts
                     already sent are dropped by id
  --input F          for replay: X API v2 / v1.1 JSON Lines or a CSV export, gzip or not; a
                     file, - (stdin) or s3://bucket/key (read with your AWS credentials)
  --format F         for replay: jsonl, csv or auto (default): by the extension (.jsonl,
                     .ndjson, .json, .csv, .tsv, also .gz), else by most of the first ${VOTE_LINES} lines
  --speed N|max      replay N× real time by the posts' own timestamps, or max = as fast as
                     possible (default 10)
  --minutes N        synthetic: length in minutes (default 30)
  --rate R           synthetic: posts per second on average (default 50)
  --seed S           synthetic: seed (default 1)
  --malformed P      synthetic: share of broken records to mix in, 0..1 (default 0)
  --lexicon NAME     vader (default), afinn, labmt (with --labmt-file or TRENDOFF_LABMT_FILE)
  --labmt-file F     labMT 1.0 word list
  --bucket D         base bucket of the aggregates (default 5s)
  --once             run the source to its end, wait until every record is processed, print a
                     JSON summary on stdout and exit
  --data-dir D       where state lives (default .trendoff)
  --fresh            wipe the data dir first
  --memory           keep all state in memory (nothing is written to disk)
  --port P           API and dashboard port (default 8080; 0 = any free port)
  --no-edge-cache    send every API request to the handler; by default a shared cache answers
                     repeats as CloudFront does in the cloud (keyed on the URL, kept as long as
                     each answer's Cache-Control says: a second at the live edge)
  --stream S         kinesis (default) or kafka: a local Kafka-protocol broker (librdkafka's
                     mock cluster, built with gcc on first use; needs librdkafka-dev); it keeps
                     nothing between runs, so a kafka run starts a data dir afresh
  --workers N        kafka: run the processor as N consumer-group members (default 1), at most
                     the partitions (--shards)
  --shards N         stream shards, or Kafka partitions (default 2)
  --batch-size N     records per processor invocation, 1..10000 (default 500)
  --batch-window D   longest wait to fill a batch (default 500ms)
  --max-backlog N    records sent but not yet processed before the producer waits (default
                     batch size × shards: a batch per shard waiting while one is processed;
                     0 = no bound), so a fast replay cannot race ahead of the processor
  -h, --help         show this help`;

export async function runLocalCommand(
  argv: string[],
  io: { stdout: Writable; stderr: Writable; env: NodeJS.ProcessEnv },
): Promise<number> {
  const cmd = 'local';
  const { values } = parseCommandArgs(cmd, argv, {
    debate: { type: 'string' },
    source: { type: 'string' },
    input: { type: 'string' },
    format: { type: 'string' },
    speed: { type: 'string' },
    minutes: { type: 'string' },
    rate: { type: 'string' },
    seed: { type: 'string' },
    malformed: { type: 'string' },
    lexicon: { type: 'string' },
    'labmt-file': { type: 'string' },
    bucket: { type: 'string' },
    once: { type: 'boolean' },
    'data-dir': { type: 'string' },
    fresh: { type: 'boolean' },
    memory: { type: 'boolean' },
    port: { type: 'string' },
    'no-edge-cache': { type: 'boolean' },
    shards: { type: 'string' },
    'batch-size': { type: 'string' },
    'batch-window': { type: 'string' },
    'max-backlog': { type: 'string' },
    'backfill-minutes': { type: 'string' },
    stream: { type: 'string' },
    workers: { type: 'string' },
  });
  const out = new BackpressureWriter(io.stdout);
  if (values.help) {
    await out.write(LOCAL_HELP + '\n');
    return 0;
  }
  const config = loadDebateConfig(values.debate ?? packagePath(DEFAULT_DEBATE));
  const sourceKind = choiceOption(
    cmd,
    values,
    'source',
    ['synthetic', 'replay', 'x', 'none'] as const,
    'synthetic',
  );
  let source: LocalSource;
  if (sourceKind === 'none') {
    if (values.input !== undefined) throw new UsageError(cmd, '--input is for --source replay');
    if (values.memory || values.fresh)
      throw new UsageError(cmd, '--source none serves what --data-dir holds; drop --memory and --fresh');
    source = { kind: 'none' };
  } else if (sourceKind === 'x') {
    if (!io.env[X_BEARER_TOKEN_ENV])
      throw new UsageError(cmd, `--source x needs ${X_BEARER_TOKEN_ENV} (your X app's Bearer Token)`);
    if (values.once) throw new UsageError(cmd, '--source x runs until stopped; --once does not apply');
    let backfillMinutes: number;
    try {
      backfillMinutes =
        values['backfill-minutes'] !== undefined
          ? parseBackfillMinutes(values['backfill-minutes'], '--backfill-minutes')
          : parseBackfillMinutes(io.env[X_BACKFILL_MINUTES_ENV], X_BACKFILL_MINUTES_ENV);
    } catch (err) {
      throw new UsageError(cmd, (err as Error).message);
    }
    source = { kind: 'x', apiUrl: apiUrlFrom(io.env), backfillMinutes };
  } else if (values['backfill-minutes'] !== undefined) {
    throw new UsageError(cmd, '--backfill-minutes is for --source x');
  } else if (sourceKind === 'replay') {
    if (!values.input) throw new UsageError(cmd, '--source replay needs --input F');
    if (values.input !== '-' && !fs.existsSync(values.input))
      throw new InputError(`--input ${values.input}: no such file`);
    const format = choiceOption(cmd, values, 'format', POST_FORMAT_CHOICES, 'auto');
    // 'auto' is left out, so a run started before --format existed resumes where it stopped.
    source = { kind: 'replay', input: values.input, ...(format !== 'auto' ? { format } : {}) };
  } else {
    if (values.input !== undefined) throw new UsageError(cmd, '--input is for --source replay');
    if (values.format !== undefined) throw new UsageError(cmd, '--format is for --source replay');
    const minutes = numberOption(cmd, values, 'minutes', 30, { min: 0 });
    const rate = numberOption(cmd, values, 'rate', 50, { min: 0 });
    if (minutes <= 0 || rate <= 0) throw new UsageError(cmd, '--minutes and --rate must be > 0');
    const malformedRate = numberOption(cmd, values, 'malformed', 0, { min: 0 });
    if (malformedRate > 1)
      throw new UsageError(cmd, `--malformed must be between 0 and 1, got "${values.malformed}"`);
    source = { kind: 'synthetic', minutes, rate, seed: values.seed ?? '1', malformedRate };
  }
  const speed = values.speed === 'max' ? Infinity : Number(values.speed ?? 10);
  if (!(speed > 0) || (speed === Infinity && values.speed !== 'max') || String(values.speed).trim() === '')
    throw new UsageError(cmd, `--speed must be a number > 0 or "max", got "${values.speed}"`);
  const scorer = scorerOption(cmd, values, io.env);
  const bucketMs = parseDuration(cmd, 'bucket', values.bucket ?? `${DEFAULT_BUCKET_MS}ms`);
  if (bucketMs < 1000 || 60_000 % bucketMs !== 0)
    throw new UsageError(cmd, '--bucket must be at least 1s and divide a minute');
  if (values.memory && (values['data-dir'] !== undefined || values.fresh)) {
    throw new UsageError(cmd, '--memory cannot be combined with --data-dir or --fresh');
  }
  const port = numberOption(cmd, values, 'port', 8080, { min: 0, integer: true });
  if (port > 65535) throw new UsageError(cmd, `--port must be 0..65535, got "${values.port}"`);
  const shards = numberOption(cmd, values, 'shards', 2, { min: 1, integer: true });
  // Half a second of a busy night's posts: a --speed max replay's batch then spans few buckets, so
  // it stores few block items and the processing lag stays near a second.
  const batchSize = numberOption(cmd, values, 'batch-size', 500, { min: 1, integer: true });
  if (batchSize > 10_000)
    throw new UsageError(cmd, `--batch-size must be 1..10000, got "${values['batch-size']}"`);
  const batchWindowMs = parseDuration(cmd, 'batch-window', values['batch-window'] ?? '500ms');
  // One full batch per shard waiting while one is processed: enough to keep the processor busy,
  // and a queue that a --speed max replay crosses in about a second, whatever the machine.
  const maxBacklog = numberOption(cmd, values, 'max-backlog', batchSize * shards, { min: 0, integer: true });
  const stream = choiceOption(cmd, values, 'stream', LOCAL_STREAMS, 'kinesis');
  if (values.workers !== undefined && stream !== 'kafka')
    throw new UsageError(cmd, '--workers is for --stream kafka (Kinesis runs the Lambda-style driver)');
  const workers = numberOption(cmd, values, 'workers', 1, { min: 1, integer: true });
  if (workers > shards)
    throw new UsageError(
      cmd,
      `--workers ${workers} is more than the ${shards} partition(s) of --shards: a consumer group gives each partition to one member, so use --workers ${shards} or fewer, or raise --shards`,
    );

  const dataDir = values.memory ? undefined : (values['data-dir'] ?? '.trendoff');
  // The local broker keeps nothing between runs: a new one's offsets would start again at 0 under
  // the watermarks stored from the last, so a Kafka run does not continue a data dir's state.
  if (
    stream === 'kafka' &&
    sourceKind !== 'none' &&
    dataDir !== undefined &&
    values.fresh !== true &&
    fs.existsSync(path.join(dataDir, 'aws'))
  )
    throw new InputError(
      `the local Kafka broker keeps nothing between runs, so --stream kafka cannot continue the state in ${dataDir}: add --fresh to start over, --memory, or another --data-dir`,
    );

  const webDir = packagePath('web', 'dist');
  const controller = new AbortController();
  const stop = (): void => {
    if (!controller.signal.aborted) io.stderr.write('\nstopping: finishing the batches in flight…\n');
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // SIGUSR2 pauses processing, and resumes it: to rehearse a stalled pipeline on the dashboard.
  let paused = false;
  const togglePause = (): void => {
    paused = !paused;
    io.stderr.write(
      paused
        ? `\nprocessing paused: records wait in the stream (kill -USR2 ${process.pid} resumes)\n`
        : '\nprocessing resumed\n',
    );
  };
  process.on('SIGUSR2', togglePause);
  try {
    const summary = await runLocal({
      config,
      stream,
      workers,
      source,
      ...(sourceKind === 'x' ? { xBearerToken: io.env[X_BEARER_TOKEN_ENV] } : {}),
      speed,
      scorer,
      bucketMs,
      dataDir,
      fresh: values.fresh === true,
      once: values.once === true,
      port,
      edgeCache: values['no-edge-cache'] !== true,
      shards,
      batchSize,
      batchWindowMs,
      maxBacklog,
      webDir: fs.existsSync(webDir) ? webDir : undefined,
      // Run from the bundle (the CLI): the emulators get their own process, and so their own core.
      ...(__filename.endsWith('.js') ? { emulatorScript: __filename } : {}),
      stderr: io.stderr,
      signal: controller.signal,
      paused: () => paused,
      onReady: (url) => io.stderr.write(`trendoff local: dashboard and API at ${url}  (Ctrl-C to stop)\n`),
    });
    if (values.once) await out.write(JSON.stringify(summary) + '\n');
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.off('SIGUSR2', togglePause);
  }
}
