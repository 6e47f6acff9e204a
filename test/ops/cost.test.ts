import { runCost } from '../../lib/cli/cost-command';
import { UsageError } from '../../lib/cli/command-args';
import { ASSUMED, estimateCost, priceOf, type CostInputs } from '../../lib/ops/cost/model';
import { DEBATE, item, NIGHT, sink } from './support/cost-night';
import { ADDED_PRICE_KEYS, defaultPriceTable, parsePriceTable, PRICE_KEYS } from '../../lib/ops/cost/prices';

const prices = defaultPriceTable();
const night = NIGHT;

describe('cost model', () => {
  test('GIVEN 2 h at 3,000 posts/s on-demand WHEN estimated THEN stream, Lambda and DynamoDB quantities match a hand computation', () => {
    // WHEN
    const e = estimateCost(night, prices);
    // THEN 21.6 million posts of one 1-KB unit each
    expect(item(e.lineItems, 'Kinesis', 'data in').quantity).toBeCloseTo(21.6e6 / 1024 ** 2, 6);
    expect(item(e.lineItems, 'Kinesis', 'on-demand stream').quantity).toBe(3); // 2 h + 1 h ahead
    // 4 shards at 750 posts/s each: 750-record batches, 28,800 invocations
    expect(item(e.lineItems, 'Lambda', 'processor requests').quantity).toBeCloseTo(0.0288, 9);
    // per batch (1 s of posts + 2 s late): on each rollup level a stats, an extremes and a hashtags
    // block, each written whole at half its full size plus 200 B, in 1-KB units —
    //   5-s slots, 1-min blocks (1.05 touched): 12 × 11 × 63 B, 12 × 11 × 2 × 250 B, 12 × 425 B → 5 + 33 + 3
    //   1-min slots, 10-min blocks (1.005):     10 × 11 × 63 B, 10 × 11 × 2 × 250 B, 10 × 425 B → 4 + 28 + 3
    //   10-min slots, 2-h blocks (1 + 3/7200):  as the 5-s blocks                               → 5 + 33 + 3
    // — a detail block per candidate (12 × 2,068 B → 13), and a 75,000-byte geo item (74 WRUs). The 4
    // shards write the same items, so each is read first and its write made again only when one of
    // the 3 other shards wrote in the 8 ms between (3 × 8 ms of each 1-s poll), + 3 debate updates
    const geoShare = 1 - (1 - ASSUMED.geoShare) ** 750;
    const items = 41 * 1.05 + 35 * 1.005 + 41 * (1 + 3 / 7200) + 11 * 1.05 * 13 + geoShare * 74;
    const wru = (1 + (3 * 8) / 1000) * items + 3;
    expect(item(e.lineItems, 'DynamoDB', 'processor writes').quantity).toBeCloseTo((28_800 * wru) / 1e6, 6);
    // the reads, strongly consistent in 4-KB units of the same half-full items: 5-s blocks 2 + 9 + 1,
    // 10-min blocks 1 + 7 + 1, 2-h blocks 2 + 9 + 1, detail 4, geo 19
    const rru = 12 * 1.05 + 9 * 1.005 + 12 * (1 + 3 / 7200) + 11 * 1.05 * 4 + geoShare * 19;
    expect(item(e.lineItems, 'DynamoDB', 'processor reads').quantity).toBeCloseTo((28_800 * rru) / 1e6, 6);
    // 10 viewers polling one /live request every 5 s for 2 h, too few to share an edge cache's answer
    expect(item(e.lineItems, 'API Gateway', 'requests').quantity).toBeCloseTo((10 * 7200) / 5 / 1e6, 9);
  });

  test('GIVEN 10, 1,000 and 10,000 viewers WHEN estimated THEN what reaches the API stops growing at Origin Shield, and only CloudFront grows with viewers', () => {
    // WHEN
    const [few, many, crowd] = [10, 1000, 10_000].map((viewers) =>
      estimateCost({ ...night, viewers }, prices),
    );
    const origin = (e: ReturnType<typeof estimateCost>): number[] =>
      [
        item(e.lineItems, 'API Gateway', 'requests'),
        item(e.lineItems, 'Lambda', 'query API requests'),
        item(e.lineItems, 'Lambda', 'query API compute'),
        item(e.lineItems, 'DynamoDB', 'query API reads'),
      ].map((i) => i.quantity);
    // THEN 10 viewers (2 polls/s of one view) reach the API twice a second, and so do any more:
    // Origin Shield asks once per 1-s TTL for each of the two URLs (since values) of the view
    expect(item(few.lineItems, 'API Gateway', 'requests').quantity).toBeCloseTo((2 * 7200) / 1e6, 9);
    expect(origin(many)).toEqual(origin(few));
    expect(origin(crowd)).toEqual(origin(few));
    // while beyond 80 viewers each of the 8 regional edge caches asks Origin Shield once per TTL
    const shield = (e: ReturnType<typeof estimateCost>) =>
      item(e.lineItems, 'CloudFront', 'Origin Shield').quantity;
    expect(shield(few)).toBeCloseTo((2 * 7200) / 10_000, 9);
    expect(shield(many)).toBeCloseTo((2 * 8 * 7200) / 10_000, 9);
    expect(shield(crowd)).toBeCloseTo(shield(many), 9);
    // and every viewer's requests are CloudFront's: 1 per 5 s each, a tenth of a cent per 1,000
    for (const [e, viewers] of [
      [few, 10],
      [many, 1000],
      [crowd, 10_000],
    ] as const) {
      expect(item(e.lineItems, 'CloudFront', 'dashboard API requests').quantity).toBeCloseTo(
        (viewers * 7200) / 5 / 10_000,
        9,
      );
    }
    const cloudFront = (e: ReturnType<typeof estimateCost>): number =>
      e.lineItems.filter((i) => i.service === 'CloudFront').reduce((n, i) => n + i.cost, 0);
    expect(crowd.total - many.total).toBeCloseTo(cloudFront(crowd) - cloudFront(many), 9);
    // the night's bill for 1,000 viewers stays within 1.2× of 10 viewers'
    expect(many.total / few.total).toBeLessThanOrEqual(1.2);
  });

  test('GIVEN a price table written before Origin Shield was billed WHEN loaded THEN it is still valid, and an estimate names the missing price and where to copy it from', () => {
    // GIVEN the shipped table without the prices added since
    const raw = structuredClone(defaultPriceTable()) as unknown as { prices: Record<string, unknown> };
    for (const key of ADDED_PRICE_KEYS) delete raw.prices[key];
    // WHEN
    const older = parsePriceTable(raw);
    // THEN
    if (!older.ok) throw new Error(older.problems.join('\n'));
    expect(() => estimateCost(night, older.table)).toThrow(
      'the price table has no "cloudfront.originShieldRequestsTenThousand" (billed since the table was written): copy it from lib/ops/cost/prices-us-east-1.json',
    );
  });

  test('GIVEN 2 h at 3,000 posts/s WHEN estimated THEN the producer de-duplication is itemised with its cost per post', () => {
    // WHEN
    const e = estimateCost(night, prices);
    // THEN a full window: 40,000 ids × 8 B + 100 B = 320,100 B, 313 WRUs per save; a save every 5 s
    // for 7,200 s plus a claim per run (every 14 min over 120 + 2 × 15 min: 11 runs)
    expect(item(e.lineItems, 'DynamoDB', 'dedupe window saves').quantity).toBeCloseTo(
      ((1440 + 11) * 313) / 1e6,
      9,
    );
    // one consistent read of 79 units (4 KB each) per run
    expect(item(e.lineItems, 'DynamoDB', 'dedupe window reads').quantity).toBeCloseTo((11 * 79) / 1e6, 9);
    const cost =
      item(e.lineItems, 'DynamoDB', 'dedupe window saves').cost +
      item(e.lineItems, 'DynamoDB', 'dedupe window reads').cost;
    const perMillion = e.assumptions.find((a) => a.name === 'dedupe cost per million posts (USD)');
    expect(perMillion?.value).toBeCloseTo((cost / 21.6e6) * 1e6, 4);
    expect(e.assumptions.map((a) => a.name)).toEqual(
      expect.arrayContaining(['dedupe window (bytes)', 'dedupe window saves', 'partition key (bytes)']),
    );
  });

  test('GIVEN a short quiet night WHEN estimated THEN the window is only as large as the posts sent', () => {
    // 36 s at 10 posts/s: 360 ids × 8 B + 100 B = 2,980 B (3 WRUs); 8 saves + 3 runs
    const e = estimateCost({ ...night, hours: 0.01, rate: 10 }, prices);
    expect(item(e.lineItems, 'DynamoDB', 'dedupe window saves').quantity).toBeCloseTo((11 * 3) / 1e6, 12);
  });

  test('GIVEN any estimate WHEN read THEN each line is quantity × unit price and the total is their sum', () => {
    const e = estimateCost(night, prices);
    for (const i of e.lineItems)
      expect(i.cost).toBeCloseTo(i.quantity * priceOf(prices, i.priceKey).price, 12);
    expect(e.total).toBeCloseTo(
      e.lineItems.reduce((s, i) => s + i.cost, 0),
      9,
    );
    expect(e.assumptions.map((a) => a.name)).toEqual(
      expect.arrayContaining(['posts', 'records per processor batch']),
    );
  });

  test('GIVEN more hours or a higher rate WHEN estimated THEN the bill never shrinks', () => {
    let last = 0;
    for (const hours of [0.5, 1, 2, 4]) {
      const t = estimateCost({ ...night, hours }, prices).total;
      expect(t).toBeGreaterThan(last);
      last = t;
    }
    last = 0;
    for (const rate of [0, 10, 500, 3000, 20_000]) {
      const t = estimateCost({ ...night, rate }, prices).total;
      expect(t).toBeGreaterThan(last);
      last = t;
    }
  });

  test('GIVEN 8 provisioned shards WHEN estimated THEN shard-hours and PUT units replace the on-demand lines', () => {
    // WHEN
    const e = estimateCost({ ...night, shards: 8 }, prices);
    // THEN
    expect(item(e.lineItems, 'Kinesis', 'shards').quantity).toBe(8 * 3);
    expect(item(e.lineItems, 'Kinesis', 'PUT payload units').quantity).toBeCloseTo(21.6, 9);
    expect(e.lineItems.some((i) => i.priceKey.startsWith('kinesis.onDemand'))).toBe(false);
    // 375 posts/s per shard: smaller batches, more invocations than on 4 shards
    expect(item(e.lineItems, 'Lambda', 'processor requests').quantity).toBeCloseTo(21.6e6 / 375 / 1e6, 9);
    expect(e.warnings).toEqual([]);
  });

  test('GIVEN a peak beyond the stream capacity WHEN estimated THEN a warning says so', () => {
    expect(estimateCost({ ...night, peakRate: 9000 }, prices).warnings[0]).toMatch(/on-demand.*--shards/);
    expect(estimateCost({ ...night, shards: 2, peakRate: 3000 }, prices).warnings[0]).toMatch(/2 shards/);
  });

  test('GIVEN a longer archive retention WHEN estimated THEN colder storage classes are billed after month 1', () => {
    const e = estimateCost({ ...night, keepMonths: 6 }, prices);
    const gb = item(e.lineItems, 'S3', 'Standard (month 1)').quantity;
    expect(item(e.lineItems, 'S3', 'Standard-IA').quantity).toBeCloseTo(gb * 2, 9);
    expect(item(e.lineItems, 'S3', 'Glacier IR').quantity).toBeCloseTo(gb * 3, 9);
  });

  test('GIVEN months kept WHEN estimated THEN the kept aggregates table bills storage and PITR for them', () => {
    // GIVEN the 2-hour night on a new on-demand stream (4 shards), its table kept 3 months
    const e = estimateCost({ ...night, keepMonths: 3 }, prices);
    // THEN full blocks, shards merged, plus a full geo item per minute, for 3 months: per minute a
    // detail block per candidate (12 × 2,068 B) and the 5-s blocks (12 × (11 × 63 + 11 × 500 + 425) B),
    // per 10 minutes the 1-min blocks (10 × the same per slot), per 2 hours the 10-min blocks (12 ×)
    const geoItem = ASSUMED.geoPostsPerMinute * ASSUMED.geoPostBytes;
    const slot = 11 * 63 + 11 * 500 + 425;
    const bytes = 120 * 11 * 12 * 2068 + 120 * 12 * slot + 12 * 10 * slot + 1 * 12 * slot + 120 * geoItem;
    const gb = bytes / 1024 ** 3;
    expect(item(e.lineItems, 'DynamoDB', 'aggregates kept, storage (3 months)').quantity).toBeCloseTo(
      gb * 3,
      9,
    );
    expect(item(e.lineItems, 'DynamoDB', 'aggregates kept, point-in-time').quantity).toBeCloseTo(gb * 3, 9);
    // and nothing once the night's data is not kept
    const none = estimateCost({ ...night, keepMonths: 0 }, prices);
    expect(none.lineItems.filter((i) => i.item.startsWith('aggregates kept'))).toEqual([]);
  });

  test('rejects inputs out of range', () => {
    expect(() => estimateCost({ ...night, hours: 0 }, prices)).toThrow(/hours/);
    expect(() => estimateCost({ ...night, shards: 1.5 }, prices)).toThrow(/shards/);
  });
});

describe('price table', () => {
  test('GIVEN the shipped table WHEN loaded THEN every dimension is priced, dated and sourced', () => {
    for (const key of PRICE_KEYS) {
      const p = prices.prices[key];
      expect(p.region).toBe('us-east-1');
      expect(p.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.source).toMatch(/^https:\/\//);
    }
  });

  test('rejects a table with a missing or malformed price, naming each', () => {
    const rest: Record<string, unknown> = { ...prices.prices };
    delete rest['lambda.requestsMillion'];
    const bad = {
      ...prices,
      prices: { ...rest, 's3.putThousand': { ...prices.prices['s3.putThousand'], price: -1 } },
    };
    const r = parsePriceTable(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toEqual([
        expect.stringContaining('lambda.requestsMillion'),
        expect.stringContaining('s3.putThousand"].price'),
      ]);
    }
  });
});

describe('trendoff cost', () => {
  test('GIVEN a debate WHEN run with --json THEN the estimate parses and uses the debate candidates', async () => {
    const out = sink();
    const status = await runCost(['--debate', DEBATE, '--hours', '2', '--rate', '3000', '--json'], {
      stdout: out.stream,
    });
    expect(status).toBe(0);
    const e = JSON.parse(out.text()) as { inputs: CostInputs; total: number };
    expect(e.inputs.candidates).toBeGreaterThan(1);
    expect(e.inputs.streamKbPerPost).toBe(1.38);
    expect(e.total).toBeGreaterThan(0);
  });

  test('GIVEN a debate WHEN run for people THEN lines, total, assumptions and free tier are printed', async () => {
    const out = sink();
    await runCost(['--debate', DEBATE, '--hours', '1', '--rate', '100', '--shards', '2'], {
      stdout: out.stream,
    });
    const text = out.text();
    expect(text).toMatch(/Kinesis +2 shards × 2 h +4 × \$0\.0150\*/);
    expect(text).toMatch(/Total: \$\d+\.\d\d/);
    expect(text).toContain('Assumptions:');
    expect(text).toContain('Free tier (not subtracted):');
  });

  test.each([
    [['--hours', '2', '--rate', '3000'], /--debate is required/],
    [['--debate', DEBATE, '--rate', '3000'], /--hours is required/],
    [['--debate', DEBATE, '--hours', '0', '--rate', '1'], /--hours must be > 0/],
    [['--debate', DEBATE, '--hours', '2', '--rate', 'lots'], /--rate must be a number/],
    [
      ['--debate', DEBATE, '--hours', '2', '--rate', '10', '--shards', '0'],
      /--shards must be an integer ≥ 1/,
    ],
    [['--debate', DEBATE, '--hours', '2', '--rate', '10', '--peak', '5'], /--peak must be at least/],
    [['--debate', DEBATE, '--hours', '2', '--rate', '10', '--bogus'], /bogus/],
  ])('rejects bad options %j with a one-line usage error', async (argv, message) => {
    const out = sink();
    const run = runCost(argv, { stdout: out.stream });
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(message);
    await run.catch((e: Error) => expect(e.message).not.toContain('\n'));
  });
});
