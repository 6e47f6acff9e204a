import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCost } from '../../lib/cli/cost-command';
import { InputError, UsageError } from '../../lib/cli/command-args';
import {
  ASSUMED,
  estimateCost,
  MissingPriceError,
  type CostInputs,
  type LineItem,
} from '../../lib/ops/cost/model';
import { DEBATE, findItem, item, NIGHT, sink } from './support/cost-night';
import { defaultPriceTable, KAFKA_PATH_PRICE_KEYS, parsePriceTable } from '../../lib/ops/cost/prices';

const prices = defaultPriceTable();
const night = NIGHT;
const msk: CostInputs = { ...night, kafka: { cluster: 'serverless', partitions: 4, liveSource: true } };

const find = findItem;

const GB = 1024 ** 3;

describe('cost model, Kafka path', () => {
  test('GIVEN stream msk (Serverless) WHEN estimated THEN cluster hours, partition hours, data in and out replace Kinesis, and the archive is a consumer group', () => {
    const e = estimateCost(msk, prices);
    const deployed = night.hours + ASSUMED.setupHours;
    const posts = 3000 * 2 * 3600;
    expect(item(e.lineItems, 'MSK', 'Serverless cluster').quantity).toBe(deployed);
    expect(item(e.lineItems, 'MSK', '4 partitions').quantity).toBe(4 * deployed);
    expect(item(e.lineItems, 'MSK', 'data in').quantity).toBeCloseTo((posts * 1000) / GB, 9);
    expect(item(e.lineItems, 'MSK', 'data out').quantity).toBeCloseTo((2 * posts * 1000) / GB, 9);
    expect(e.lineItems.filter((i) => i.service === 'Kinesis' || i.service === 'Firehose')).toEqual([]);
    expect(item(e.lineItems, 'Lambda', 'archive consumer requests').quantity).toBeGreaterThan(0);
    expect(item(e.lineItems, 'Lambda', 'processor requests').quantity).toBeGreaterThan(0);
  });

  test('GIVEN stream msk WHEN estimated THEN one NAT gateway by the hour and the X stream through it, none for a replay', () => {
    const deployed = night.hours + ASSUMED.setupHours;
    const live = estimateCost(msk, prices);
    expect(item(live.lineItems, 'VPC', 'NAT gateway ×').quantity).toBe(deployed);
    expect(item(live.lineItems, 'VPC', 'NAT gateway data').quantity).toBeCloseTo(
      (3000 * 2 * 3600 * ASSUMED.xWireBytesPerPost) / GB,
      9,
    );
    const replay = estimateCost({ ...msk, kafka: { ...msk.kafka!, liveSource: false } }, prices);
    expect(item(replay.lineItems, 'VPC', 'NAT gateway data').quantity).toBe(0);
  });

  test('GIVEN a provisioned cluster WHEN estimated THEN broker hours and storage, no Serverless charges', () => {
    const e = estimateCost({ ...msk, kafka: { ...msk.kafka!, cluster: 'provisioned' } }, prices);
    expect(item(e.lineItems, 'MSK', 'brokers').quantity).toBe(ASSUMED.mskBrokers * 3);
    expect(item(e.lineItems, 'MSK', 'broker storage').priceKey).toBe('msk.provisioned.storageGBMonth');
    expect(find(e.lineItems, 'MSK', 'Serverless')).toBeUndefined();
  });

  test('GIVEN ECS workers WHEN estimated THEN Fargate vCPU and GB hours (one on demand, the rest Spot) replace the processor Lambda', () => {
    const e = estimateCost({ ...msk, workers: 3 }, prices);
    const deployed = 3;
    expect(item(e.lineItems, 'Fargate', '1 on-demand worker vCPU').quantity).toBe(deployed);
    expect(item(e.lineItems, 'Fargate', '1 on-demand worker GB').quantity).toBe(2 * deployed);
    expect(item(e.lineItems, 'Fargate', '2 Spot worker vCPU').quantity).toBe(2 * deployed);
    expect(item(e.lineItems, 'Fargate', '2 Spot worker GB').quantity).toBe(4 * deployed);
    expect(find(e.lineItems, 'Lambda', 'processor requests')).toBeUndefined();
    // The image pulls cross the NAT gateway.
    expect(item(e.lineItems, 'VPC', 'NAT gateway data').quantity).toBeGreaterThan(
      item(estimateCost(msk, prices).lineItems, 'VPC', 'NAT gateway data').quantity,
    );
  });

  test('fails if workers outnumber the partitions or come without Kafka', () => {
    expect(() => estimateCost({ ...msk, workers: 5 }, prices)).toThrow('5 workers for 4 partitions');
    expect(() => estimateCost({ ...night, workers: 1 }, prices)).toThrow('ECS workers consume Kafka');
  });

  test('GIVEN a price table written before the Kafka path WHEN loaded THEN it is still valid; an msk estimate names the missing price', () => {
    // GIVEN the shipped table without the Kafka path's prices
    const raw = JSON.parse(fs.readFileSync('lib/ops/cost/prices-us-east-1.json', 'utf8')) as {
      prices: Record<string, unknown>;
    };
    for (const key of KAFKA_PATH_PRICE_KEYS) delete raw.prices[key];
    const older = parsePriceTable(raw);
    // THEN
    if (!older.ok) throw new Error(older.problems.join('\n'));
    expect(estimateCost(night, older.table).total).toBeCloseTo(estimateCost(night, prices).total, 9);
    expect(() => estimateCost(msk, older.table)).toThrow(MissingPriceError);
    expect(() => estimateCost(msk, older.table)).toThrow(
      'the price table has no "msk.serverless.clusterHour"',
    );
  });
});

describe('trendoff cost --stream msk --processing ecs', () => {
  const base = ['--debate', DEBATE, '--hours', '2', '--rate', '3000'];

  test('GIVEN --stream msk --processing ecs WHEN run THEN the night is itemised with MSK, NAT and Fargate lines and their assumptions', async () => {
    const out = sink();
    const status = await runCost(
      [...base, '--stream', 'msk', '--shards', '6', '--processing', 'ecs', '--workers', '3', '--json'],
      {
        stdout: out.stream,
      },
    );
    expect(status).toBe(0);
    const e = JSON.parse(out.text()) as {
      lineItems: LineItem[];
      assumptions: { name: string; value: unknown }[];
    };
    expect(e.lineItems.map((i) => i.service)).toEqual(expect.arrayContaining(['MSK', 'VPC', 'Fargate']));
    expect(item(e.lineItems, 'MSK', '6 partitions').quantity).toBe(18);
    expect(e.assumptions.find((a) => a.name === 'ECS workers')?.value).toBe(3);
    expect(e.assumptions.find((a) => a.name === 'stream')).toBeUndefined();
  });

  test.each([
    [['--stream', 'kafka'], '--stream must be kinesis or msk, got "kafka"'],
    [
      ['--stream', 'msk', '--msk-cluster', 'big'],
      '--msk-cluster must be serverless or provisioned, got "big"',
    ],
    [['--processing', 'ecs'], '--processing is only used with --stream msk'],
    [['--stream', 'msk', '--workers', '2'], '--workers is only used with --processing ecs'],
    [
      ['--stream', 'msk', '--processing', 'ecs', '--workers', '5'],
      '--workers 5 is more than the 4 partitions',
    ],
    [['--stream', 'msk', '--shards', '3000'], '--shards (partitions with --stream msk) must be at most 2400'],
  ])('fails if %p, naming it', async (args, message) => {
    const run = runCost([...base, ...args], { stdout: sink().stream });
    await expect(run).rejects.toThrow(UsageError);
    await expect(runCost([...base, ...args], { stdout: sink().stream })).rejects.toThrow(message);
  });

  test('fails if --prices lacks a price the Kafka path needs, naming the file and the key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-prices-'));
    const file = path.join(dir, 'old.json');
    const raw = JSON.parse(fs.readFileSync('lib/ops/cost/prices-us-east-1.json', 'utf8')) as {
      prices: Record<string, unknown>;
    };
    delete raw.prices['vpc.natGatewayHour'];
    fs.writeFileSync(file, JSON.stringify(raw));
    try {
      const run = runCost([...base, '--stream', 'msk', '--prices', file], { stdout: sink().stream });
      await expect(run).rejects.toThrow(InputError);
      await expect(
        runCost([...base, '--stream', 'msk', '--prices', file], { stdout: sink().stream }),
      ).rejects.toThrow(`${file}: the price table has no "vpc.natGatewayHour"`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
