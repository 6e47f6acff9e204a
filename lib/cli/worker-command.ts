/**
 * `trendoff worker --stream kafka`: the stream processor as one long-running member of a Kafka
 * consumer group (the ECS workers run this). Same core, same store, same exactly-once as the Lambda;
 * settings from the processor's environment (lambda/handlers/env/processor-env.ts) and Kafka's
 * (kafka-env.ts). SIGTERM (a spot interruption's notice) or Ctrl-C drains: the batch in hand is
 * stored and committed, then the member leaves its group.
 */
import { createServer, type Server } from 'http';
import type { Writable } from 'stream';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { KafkaBatchConsumer } from '../../lambda/adapters/kafka-batch-consumer';
import { createKafka } from '../../lambda/adapters/kafka-client';
import { KAFKA_ENV, parseKafkaEnv } from '../../lambda/handlers/env/kafka-env';
import { PROCESSOR_ENV, PROCESSOR_METRICS, PROCESSOR_SERVICE } from '../../lambda/handlers/env/processor-env';
import { ConfigError, METRICS_NAMESPACE } from '../../lambda/handlers/handler-config';
import { createBatchProcessor, processorDepsFromEnv } from '../../lambda/handlers/processor';
import { BackpressureWriter } from '../io/backpressure-writer';
import { parseDuration } from './duration';
import { choiceOption, InputError, numberOption, parseCommandArgs, UsageError } from './command-args';

export const WORKER_HELP = `Usage: trendoff worker --stream kafka [--health-port P] [--batch-size N] [--batch-window D]

Runs the stream processor as one member of a Kafka consumer group until stopped: each partition's
posts are scored and aggregated by the same core as the Lambda, written to the same table exactly
once in effect (partition = shard, offset = sequence number), and committed only once stored.
SIGTERM or Ctrl-C drains: the batch in hand is stored and committed, then the member leaves the
group so the others take its partitions at once. Metrics as the Lambda's (CloudWatch EMF on
stdout) plus ${PROCESSOR_METRICS.offsetLag}.

Settings come from the environment:
  ${KAFKA_ENV.brokers} (required), ${KAFKA_ENV.topic}, ${KAFKA_ENV.group}, ${KAFKA_ENV.auth},
  ${KAFKA_ENV.leaderSyncDelayMs}
  ${PROCESSOR_ENV.debate}, ${PROCESSOR_ENV.tableName}, ${PROCESSOR_ENV.archiveBucket} (required), ${PROCESSOR_ENV.scorer}, ${PROCESSOR_ENV.bucketMs}, ${PROCESSOR_ENV.labmtFile}
  and the AWS SDK's own (AWS_REGION, credentials, AWS_ENDPOINT_URL_*).

Options:
  --stream kafka     the stream to consume (only kafka: Kinesis is consumed by the Lambda)
  --health-port P    serve GET /health on port P (all interfaces, for the container health
                     check; 0 = any free port; default: off):
                     200 while consuming, 503 while stopped or rejoining after a crash; JSON
                     with the partitions held, the last commit, the offset lag, batch counts
                     and crashes
  --batch-size N     records per processor call, 1..10000 (default 1000)
  --batch-window D   longest wait for a fetch to fill (default 500ms)
  -h, --help         show this help`;

/** How often the offset lag is published as a metric. */
const LAG_METRIC_EVERY_MS = 60_000;

export async function runWorker(
  argv: string[],
  io: { stdout: Writable; stderr: Writable; env: NodeJS.ProcessEnv },
  signal?: AbortSignal,
): Promise<number> {
  const cmd = 'worker';
  const { values } = parseCommandArgs(cmd, argv, {
    stream: { type: 'string' },
    'health-port': { type: 'string' },
    'batch-size': { type: 'string' },
    'batch-window': { type: 'string' },
  });
  if (values.help) {
    await new BackpressureWriter(io.stdout).write(WORKER_HELP + '\n');
    return 0;
  }
  if (values.stream === undefined) throw new UsageError(cmd, '--stream kafka is required');
  choiceOption(cmd, values, 'stream', ['kafka'] as const, 'kafka');
  const batchSize = numberOption(cmd, values, 'batch-size', 1000, { min: 1, integer: true });
  if (batchSize > 10_000)
    throw new UsageError(cmd, `--batch-size must be 1..10000, got "${values['batch-size']}"`);
  const batchWindowMs = parseDuration(cmd, 'batch-window', values['batch-window'] ?? '500ms');
  const healthPort =
    values['health-port'] === undefined
      ? undefined
      : numberOption(cmd, values, 'health-port', 0, { min: 0, integer: true });
  if (healthPort !== undefined && healthPort > 65535)
    throw new UsageError(cmd, `--health-port must be 0..65535, got "${values['health-port']}"`);

  // A setting that is missing or wrong is bad input: one line naming it.
  const settings = (() => {
    try {
      return { kafka: parseKafkaEnv(io.env), processor: processorDepsFromEnv(io.env) };
    } catch (err) {
      if (err instanceof ConfigError) throw new InputError(err.message);
      throw err;
    }
  })();
  const kafkaSettings = settings.kafka;
  if (kafkaSettings.auth === 'iam')
    throw new InputError(
      `${KAFKA_ENV.auth}=iam: this build's worker has no MSK IAM token provider yet; use ${KAFKA_ENV.auth}=none`,
    );
  const deps = settings.processor;
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: PROCESSOR_SERVICE });
  const say = (line: string): void => {
    io.stderr.write(`trendoff worker: ${line}\n`);
  };
  const consumer = new KafkaBatchConsumer({
    kafka: createKafka({
      brokers: kafkaSettings.brokers,
      clientId: 'trendoff-worker',
      auth: kafkaSettings.auth,
    }),
    topic: kafkaSettings.topic,
    groupId: kafkaSettings.group,
    handler: createBatchProcessor({ ...deps, metrics }),
    batchSize,
    batchWindowMs,
    leaderSyncDelayMs: kafkaSettings.leaderSyncDelayMs,
    onAssigned: (p) => say(`holding partition(s) ${p.length === 0 ? 'none' : p.join(',')}`),
    onCrash: (error) => say(`the Kafka client crashed (${error}); joining the group again`),
    onRetry: (shardId, attempt) => say(`${shardId}: storing a batch failed (attempt ${attempt}); retrying`),
  });

  const stopped = new AbortController();
  const onSignal = (): void => {
    if (!stopped.signal.aborted) say('draining: finishing and committing the batch in hand');
    stopped.abort();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  signal?.addEventListener('abort', onSignal, { once: true });
  let health: Server | undefined;
  const lagTimer = setInterval(() => {
    metrics.addMetric(PROCESSOR_METRICS.offsetLag, MetricUnit.Count, consumer.health().offsetLag);
    metrics.publishStoredMetrics();
  }, LAG_METRIC_EVERY_MS);
  try {
    if (healthPort !== undefined) {
      health = await serveHealth(healthPort, () => consumer.health());
      const address = health.address();
      say(
        `health at http://127.0.0.1:${typeof address === 'object' && address ? address.port : healthPort}/health`,
      );
    }
    await consumer.start();
    say(
      `consuming ${kafkaSettings.topic} as group ${kafkaSettings.group} from ${kafkaSettings.brokers.join(',')}; SIGTERM drains`,
    );
    await new Promise<void>((resolve) => {
      if (stopped.signal.aborted) resolve();
      else stopped.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await consumer.stop();
    say('stopped: offsets committed, group left');
    return 0;
  } finally {
    clearInterval(lagTimer);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await new Promise<void>((r) => (health ? health.close(() => r()) : r()));
  }
}

function serveHealth(port: number, read: () => ReturnType<KafkaBatchConsumer['health']>): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/health') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
      return;
    }
    const h = read();
    res
      .writeHead(h.running ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(h));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
