/**
 * The local Kafka-protocol broker: librdkafka's mock cluster wrapped in a small C program
 * (kafka-broker/mock-broker.c), built with gcc on first use into a cache folder and started as a
 * child process on loopback. No Apache Kafka is needed; any Kafka client (kafkajs, kcat) talks to it.
 *
 * What the mock does not do, and what follows from it: it advertises controller id 0, so admin
 * requests (createTopics) and the idempotent producer fail — topics are created here, through the
 * mock's own API, at start-up; it keeps only about the last 5 MiB / 100k messages per partition, so
 * a producer must not run far ahead of its consumers (`trendoff local` bounds its backlog); and it
 * keeps nothing on disk: a new broker starts empty.
 */
import { spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packagePath } from '../io/package-root';

/** Overrides where the built broker is kept (default `$XDG_CACHE_HOME/trendoff`, else `~/.cache/trendoff`). */
export const CACHE_DIR_ENV = 'TRENDOFF_CACHE_DIR';

/** What to install when the build cannot run: the one fix every setup error names. */
export const BROKER_PACKAGES = 'apt-get install librdkafka-dev';

export interface KafkaTopicSpec {
  readonly name: string;
  readonly partitions: number;
}

export interface KafkaBroker {
  /** Bootstrap brokers, `host:port`. */
  readonly brokers: string[];
  /** Stops the broker (everything it held is gone). */
  stop(): Promise<void>;
}

/** The broker cannot be built or started on this machine; the message names the fix. */
export class BrokerSetupError extends Error {
  override readonly name = 'BrokerSetupError';
}

const SOURCE = ['lib', 'local', 'kafka-broker', 'mock-broker.c'];
const START_TIMEOUT_MS = 10_000;

function cacheRoot(env: NodeJS.ProcessEnv): string {
  if (env[CACHE_DIR_ENV]) return env[CACHE_DIR_ENV];
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'trendoff');
}

/**
 * The broker program, built on first use (and again when its source changes: the cache is keyed
 * by the source's hash).
 * @throws BrokerSetupError when gcc or librdkafka-dev is missing, naming what to install.
 */
export function mockBrokerProgram(env: NodeJS.ProcessEnv = process.env): string {
  const source = packagePath(...SOURCE);
  const text = fs.readFileSync(source);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  const dir = path.join(cacheRoot(env), 'kafka-broker', hash);
  const program = path.join(dir, 'mock-broker');
  if (fs.existsSync(program)) return program;
  fs.mkdirSync(dir, { recursive: true });
  // Built under a temporary name and renamed: concurrent first uses never run half a file.
  const tmp = `${program}.${process.pid}.tmp`;
  const r = spawnSync('gcc', ['-O2', '-o', tmp, source, '-lrdkafka'], { encoding: 'utf8', env });
  if (r.error !== undefined) {
    const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new BrokerSetupError(
      missing
        ? `the local Kafka broker is built with gcc, which is not installed: apt-get install gcc librdkafka-dev`
        : `cannot run gcc to build the local Kafka broker: ${r.error.message}`,
    );
  }
  if (r.status !== 0) {
    fs.rmSync(tmp, { force: true });
    const detail = (r.stderr ?? '').split('\n').find((l) => /error/i.test(l)) ?? `gcc exited ${r.status}`;
    const headers = /rdkafka|lrdkafka/.test(r.stderr ?? '');
    throw new BrokerSetupError(
      headers
        ? `the local Kafka broker needs librdkafka's headers and library (${detail.trim()}): ${BROKER_PACKAGES}`
        : `building the local Kafka broker failed (${detail.trim()})`,
    );
  }
  fs.renameSync(tmp, program);
  return program;
}

/** Whether the broker can run here; when not, why (tests report it as their skip reason). */
export function mockBrokerAvailability(): { readonly ok: true } | { readonly ok: false; reason: string } {
  try {
    mockBrokerProgram();
    return { ok: true };
  } catch (err) {
    if (err instanceof BrokerSetupError) return { ok: false, reason: err.message };
    throw err;
  }
}

/** Starts a broker on 127.0.0.1 (a port the OS picks) holding `topics`, and waits for its address. */
export function startKafkaBroker(topics: readonly KafkaTopicSpec[]): Promise<KafkaBroker> {
  for (const t of topics) {
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(t.name))
      throw new RangeError(`topic name must be 1-249 of [A-Za-z0-9._-], got "${t.name}"`);
    if (!Number.isSafeInteger(t.partitions) || t.partitions < 1 || t.partitions > 1000)
      throw new RangeError(`topic ${t.name}: partitions must be 1..1000, got ${t.partitions}`);
  }
  const program = mockBrokerProgram();
  // stdin is a pipe the broker watches: if this process dies, the broker goes with it.
  const child = spawn(
    program,
    topics.map((t) => `${t.name}:${t.partitions}`),
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the local Kafka broker did not report its address within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`the local Kafka broker exited early (status ${code}): ${stderr.trim()}`));
    };
    child.once('exit', onExit);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      const brokers = out.slice(0, nl).trim().split(',');
      let stopped: Promise<void> | undefined;
      resolve({
        brokers,
        stop: () =>
          (stopped ??= new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          })),
      });
    });
  });
}
