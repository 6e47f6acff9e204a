/** The Kafka path's command-line refusals: one line naming the problem and the fix, no stack. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildCli, GOP, runCli } from '../support/cli';
import { debateConfigText } from '../../lambda/handlers/handler-config';
import { parseDebateConfig } from '../../lambda/core/debate-config';

beforeAll(() => buildCli());

describe('trendoff local --stream kafka', () => {
  test('fails if --workers is more than the partitions', () => {
    const r = runCli(['local', '--memory', '--stream', 'kafka', '--shards', '2', '--workers', '3', '--once']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      'trendoff local: --workers 3 is more than the 2 partition(s) of --shards: a consumer group gives each partition to one member, so use --workers 2 or fewer, or raise --shards (see --help)',
    );
  });

  test('fails if --workers is given without --stream kafka', () => {
    const r = runCli(['local', '--memory', '--workers', '2', '--once']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--workers is for --stream kafka');
  });

  test('fails if the data dir already holds state, since the broker keeps nothing between runs', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-kafka-dir-'));
    fs.mkdirSync(path.join(dir, 'aws'));
    try {
      const r = runCli(['local', '--data-dir', dir, '--stream', 'kafka', '--once']);
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([
        `trendoff local: the local Kafka broker keeps nothing between runs, so --stream kafka cannot continue the state in ${dir}: add --fresh to start over, --memory, or another --data-dir`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('trendoff worker', () => {
  const parsed = parseDebateConfig(fs.readFileSync(GOP, 'utf8'));
  if (!parsed.ok) throw new Error('example invalid');
  const env = { DEBATE_CONFIG: debateConfigText(parsed.config), TABLE_NAME: 't', ARCHIVE_BUCKET: 'b' };

  test('fails if --stream is missing', () => {
    const r = runCli(['worker'], undefined, env);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('trendoff worker: --stream kafka is required (see --help)');
  });

  test('fails if KAFKA_BROKERS is not set, in one line', () => {
    const r = runCli(['worker', '--stream', 'kafka'], undefined, { ...env, KAFKA_BROKERS: '' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('trendoff worker: KAFKA_BROKERS is not set');
  });

  test('fails if a processor variable is missing, in one line', () => {
    const r = runCli(['worker', '--stream', 'kafka'], undefined, {
      ...env,
      TABLE_NAME: '',
      KAFKA_BROKERS: '127.0.0.1:9092',
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('trendoff worker: TABLE_NAME is not set');
  });
});
