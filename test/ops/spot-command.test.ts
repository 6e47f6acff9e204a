import {
  DescribeSpotPriceHistoryCommand,
  type DescribeSpotPriceHistoryCommandInput,
  EC2Client,
  GetSpotPlacementScoresCommand,
} from '@aws-sdk/client-ec2';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough } from 'stream';
import { runSpot, type SpotIo } from '../../lib/cli/spot-command';
import { UsageError } from '../../lib/cli/command-args';
import type { SpotPricePoint } from '../../lib/ops/spot/price-history';
import { buildCli, runCliAsync } from '../support/cli';
import { startEc2QueryServer } from './support/ec2-query-server';
import { priceListEntry } from './support/price-list';
import { DAY, HOUR, toSdk } from './support/spot-history';

const ADVISOR_FILE = path.join(__dirname, 'support', 'spot-advisor-data.json');
const NOW = Date.UTC(2025, 2, 1, 12);

const p = (instanceType: string, availabilityZone: string, price: number, time: number): SpotPricePoint => ({
  instanceType,
  availabilityZone,
  price,
  time,
});

/** Prices that change rarely: some pools change once in a week, one never. */
const HISTORY = [
  p('m5.xlarge', 'us-east-1a', 0.08, NOW - 10 * DAY),
  p('m5.xlarge', 'us-east-1a', 0.1, NOW - DAY),
  p('m5.xlarge', 'us-east-1b', 0.07, NOW - 20 * DAY),
  p('m5a.xlarge', 'us-east-1a', 0.06, NOW - 3 * DAY),
  p('m5a.xlarge', 'us-east-1c', 0.065, NOW - 30 * DAY),
  p('m5a.xlarge', 'us-east-1c', 0.05, NOW - 30 * 60_000),
  p('m6i.xlarge', 'us-east-1b', 0.09, NOW - 8 * DAY),
];

function capture(): { io: SpotIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (c: Buffer) => (o += c.toString()));
  stderr.on('data', (c: Buffer) => (e += c.toString()));
  const advisor = fs.readFileSync(ADVISOR_FILE, 'utf8');
  return {
    io: { stdout, stderr, env: {}, now: () => NOW, fetch: () => Promise.resolve(new Response(advisor)) },
    out: () => o,
    err: () => e,
  };
}

const ec2Mock = mockClient(EC2Client);
const pricingMock = mockClient(PricingClient);

beforeEach(() => {
  ec2Mock.reset();
  pricingMock.reset();
  // Two items a page, like the real API's pagination, newest first; filtered by type and window.
  ec2Mock.on(DescribeSpotPriceHistoryCommand).callsFake((input: DescribeSpotPriceHistoryCommandInput) => {
    const start = input.StartTime?.getTime() ?? 0;
    const types = new Set<string>(input.InstanceTypes ?? []);
    const mine = HISTORY.filter((h) => types.has(h.instanceType));
    const keep = mine.filter(
      (h) =>
        h.time >= start ||
        !mine.some(
          (o) =>
            o.availabilityZone === h.availabilityZone &&
            o.instanceType === h.instanceType &&
            o.time > h.time &&
            o.time <= start,
        ),
    );
    const rows = keep.sort((a, b) => b.time - a.time);
    const offset = Number(input.NextToken ?? 0);
    return {
      SpotPriceHistory: rows.slice(offset, offset + 2).map(toSdk),
      NextToken: offset + 2 < rows.length ? String(offset + 2) : '',
    };
  });
  pricingMock
    .on(GetProductsCommand)
    .callsFake((input: { Filters?: { Field?: string; Value?: string }[] }) => {
      const type = input.Filters?.find((f) => f.Field === 'instanceType')?.Value ?? '';
      const price = { 'm5.xlarge': '0.192', 'm5a.xlarge': '0.172', 'm6i.xlarge': '0.192' }[type];
      return { PriceList: price ? [priceListEntry(type, price)] : [] };
    });
  ec2Mock
    .on(GetSpotPlacementScoresCommand)
    .rejects(Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation' }));
});

describe('trendoff spot', () => {
  beforeAll(buildCli);

  test('GIVEN three types WHEN run with --json THEN pools, sources and a price-capacity fleet with its cost', async () => {
    const { io, out, err } = capture();
    // WHEN
    const code = await runSpot(
      [
        '--region',
        'us-east-1',
        '--instance-types',
        'm5.xlarge,m5a.xlarge,m6i.xlarge',
        '--nodes',
        '4',
        '--hours',
        '3',
        '--json',
      ],
      io,
    );
    // THEN
    expect(code).toBe(0);
    const report = JSON.parse(out()) as {
      pools: {
        instanceType: string;
        availabilityZone: string;
        averagePrice: number;
        currentPrice: number;
        interruption: string | null;
        placementScore: number | null;
      }[];
      sources: Record<string, { ok: boolean; gap?: string }>;
      recommendation: {
        kind: string;
        instanceTypes: { instanceType: string }[];
        availabilityZones: string[];
        cost: { expected: number };
        maxPrice?: number;
      };
    };
    expect(report.pools).toHaveLength(5);
    const m5a = report.pools.find(
      (r) => r.instanceType === 'm5.xlarge' && r.availabilityZone === 'us-east-1a',
    );
    // 0.08 for 6 of the 7 days, 0.10 for the last day (a plain mean of the two points would say 0.09)
    expect(m5a?.averagePrice).toBeCloseTo((0.08 * 6 + 0.1) / 7, 12);
    expect(m5a?.currentPrice).toBe(0.1);
    expect(m5a?.interruption).toBe('5-10%');
    expect(m5a?.placementScore).toBeNull();
    expect(report.sources.placementScores).toEqual({
      ok: false,
      gap: expect.stringContaining('UnauthorizedOperation'),
    });
    expect(report.sources.onDemand).toEqual({ ok: true });
    expect(report.recommendation.kind).toBe('fleet');
    expect(report.recommendation.availabilityZones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(report.recommendation.maxPrice).toBeUndefined();
    // pool averages: m5 1a 0.082857, m5 1b 0.07, m5a 1a 0.06 (3 of 7 days known), m5a 1c (0.065 × 167.5 h + 0.05 × 0.5 h) / 168 h, m6i 0.09
    const averages = [(0.08 * 6 + 0.1) / 7, 0.07, 0.06, (0.065 * 167.5 + 0.05 * 0.5) / 168, 0.09];
    expect(report.recommendation.cost.expected).toBeCloseTo((averages.reduce((a, b) => a + b) / 5) * 12, 10);
    expect(err()).toMatch(/fetching spot price history: page 1/);
  });

  test('GIVEN --strategy legacy-bid WHEN run THEN the table names the zone, the mean over 1h and the bid', async () => {
    const { io, out } = capture();
    const code = await runSpot(
      [
        '--region',
        'us-east-1',
        '--instance-types',
        'm5.xlarge,m5a.xlarge',
        '--strategy',
        'legacy-bid',
        '--quiet',
      ],
      io,
    );
    expect(code).toBe(0);
    // In the last hour the API returns each pool's last change only: 1a 0.10, 1b 0.07 → 1b, bid 0.07 × 1.2 = 0.084
    expect(out()).toContain(
      'Legacy bid (m5.xlarge): zone us-east-1b, mean $0.0700 over 1h, bid $0.0840/h (mean × 1.2, floor $0.02)',
    );
    expect(out()).toMatch(
      /^TYPE\s+ZONE\s+SPOT NOW\s+AVG 1h\s+ON-DEMAND\s+SAVINGS\s+INTERRUPTS\s+PLACEMENT$/m,
    );
    expect(out()).toMatch(/— placementScores: placement scores: UnauthorizedOperation/);
    const starts = ec2Mock
      .commandCalls(DescribeSpotPriceHistoryCommand)
      .map((c) => c.args[0].input.StartTime?.getTime());
    expect(starts[0]).toBe(NOW - HOUR);
  });

  test('fails if --instance-types is missing or --lookback is beyond 90 days', async () => {
    const { io } = capture();
    await expect(runSpot(['--region', 'us-east-1'], io)).rejects.toThrow(UsageError);
    await expect(
      runSpot(['--region', 'us-east-1', '--instance-types', 'm5.large', '--lookback', '91d'], io),
    ).rejects.toThrow(/--lookback/);
    await expect(runSpot(['--instance-types', 'm5.large'], io)).rejects.toThrow(/--region is required/);
  });

  test('GIVEN a loopback EC2 query endpoint WHEN the CLI runs as a process THEN it paginates the XML API and marks the gaps', async () => {
    // GIVEN prices relative to the real clock, served 5 per page, and an unreachable pricing endpoint
    const now = Date.now();
    const history = [
      p('c5.xlarge', 'us-west-2a', 0.07, now - 40 * DAY),
      ...Array.from({ length: 12 }, (_, i) =>
        p('c5.xlarge', 'us-west-2b', 0.06 + i / 1000, now - (12 - i) * DAY),
      ),
      p('c5.xlarge', 'us-west-2c', 0.05, now - 2 * HOUR),
    ];
    const server = await startEc2QueryServer(history, fs.readFileSync(ADVISOR_FILE, 'utf8'));
    try {
      // WHEN the CLI runs as a user would
      const run = await runCliAsync(
        [
          'spot',
          '--region',
          'us-west-2',
          '--instance-types',
          'c5.xlarge',
          '--lookback',
          '30d',
          '--advisor-url',
          `${server.url}/spot-advisor-data.json`,
          '--json',
        ],
        {
          env: {
            AWS_ENDPOINT_URL_EC2: server.url,
            AWS_ENDPOINT_URL_PRICING: 'http://127.0.0.1:9',
            AWS_ACCESS_KEY_ID: 'test',
            AWS_SECRET_ACCESS_KEY: 'test',
            AWS_MAX_ATTEMPTS: '1',
            AWS_EC2_METADATA_DISABLED: 'true',
          },
        },
      );
      const { status: code, stdout, stderr } = run;
      // THEN
      expect({ code, stderr }).toEqual({ code: 0, stderr: expect.stringContaining('page 3') });
      const report = JSON.parse(stdout) as {
        pools: {
          availabilityZone: string;
          pricePoints: number;
          currentPrice: number;
          interruption: string | null;
        }[];
        sources: Record<string, { ok: boolean; gap?: string }>;
        recommendation: { instanceTypes: { instanceType: string }[] };
      };
      expect(report.pools.map((r) => [r.availabilityZone, r.pricePoints, r.currentPrice])).toEqual([
        ['us-west-2a', 1, 0.07],
        ['us-west-2b', 12, 0.071],
        ['us-west-2c', 1, 0.05],
      ]);
      expect(report.sources.onDemand).toEqual({ ok: false, gap: expect.stringContaining('Price List API') });
      expect(report.sources.placementScores).toEqual({
        ok: false,
        gap: expect.stringContaining('UnauthorizedOperation'),
      });
      expect(report.sources.advisor).toEqual({ ok: true });
      expect(report.pools.map((r) => r.interruption)).toEqual(['10-15%', '10-15%', '10-15%']);
      expect(report.recommendation.instanceTypes.map((t) => t.instanceType)).toEqual(['c5.xlarge']);
      expect(server.requests.filter((r) => r === 'DescribeSpotPriceHistory')).toHaveLength(3);
      expect(server.requests).toContain('GET /spot-advisor-data.json');
    } finally {
      await server.close();
    }
  });
});
