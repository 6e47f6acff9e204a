import {
  DescribeAvailabilityZonesCommand,
  DescribeSpotPriceHistoryCommand,
  type DescribeSpotPriceHistoryCommandInput,
  EC2Client,
  GetSpotPlacementScoresCommand,
} from '@aws-sdk/client-ec2';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import * as fs from 'fs';
import * as path from 'path';
import { advisorEntries } from '../../lib/ops/spot/advisor';
import {
  fetchAdvisor,
  fetchOnDemandPrices,
  fetchPlacementScores,
  fetchSpotPriceHistory,
} from '../../lib/ops/spot/fetch';
import { onDemandPrices, parseOnDemandEntry } from '../../lib/ops/spot/on-demand';
import { priceListEntry } from './support/price-list';
import { apiWindow, DAY, rareChangeHistory, toSdk } from './support/spot-history';

const ADVISOR = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'support', 'spot-advisor-data.json'), 'utf8'),
) as unknown;

const ec2Mock = mockClient(EC2Client);
const pricingMock = mockClient(PricingClient);
beforeEach(() => {
  ec2Mock.reset();
  pricingMock.reset();
});

describe('spot data sources', () => {
  test('GIVEN a history over many pages WHEN fetched THEN every page is followed and prices are parsed', async () => {
    // GIVEN three zones, 30 days, served 7 items a page with NextToken
    const to = Date.UTC(2025, 0, 31);
    const from = to - 30 * DAY;
    const history = apiWindow(
      rareChangeHistory(
        3,
        ['us-east-1a', 'us-east-1b', 'us-east-1d'].map((zone) => ({ type: 'm5.xlarge', zone, base: 0.08 })),
        from,
        to,
      ),
      from,
      to,
    );
    const seen: DescribeSpotPriceHistoryCommandInput[] = [];
    ec2Mock.on(DescribeSpotPriceHistoryCommand).callsFake((input: DescribeSpotPriceHistoryCommandInput) => {
      seen.push(input);
      const offset = Number(input.NextToken ?? 0);
      const next = offset + 7;
      return {
        SpotPriceHistory: history.slice(offset, next).map(toSdk),
        NextToken: next < history.length ? String(next) : '',
      };
    });
    const progress: string[] = [];
    // WHEN
    const points = await fetchSpotPriceHistory(
      new EC2Client({ region: 'us-east-1' }),
      { instanceTypes: ['m5.xlarge'], start: new Date(from), end: new Date(to) },
      (m) => progress.push(m),
    );
    // THEN
    expect(history.length).toBeGreaterThan(20);
    expect(points).toEqual(history);
    expect(seen).toHaveLength(Math.ceil(history.length / 7));
    expect(seen[0]).toEqual(
      expect.objectContaining({ InstanceTypes: ['m5.xlarge'], ProductDescriptions: ['Linux/UNIX'] }),
    );
    expect(seen[0].StartTime?.getTime()).toBe(from);
    expect(progress.at(-1)).toBe(`spot price history: page ${seen.length}, ${history.length} prices`);
  });

  test('GIVEN price-list entries WHEN parsed THEN the hourly on-demand USD price per type is read', () => {
    // GIVEN a plain row, a dearer duplicate, a zero-priced row, and junk
    const entries = [
      priceListEntry('m5.xlarge', '0.1920000000'),
      priceListEntry('m5.xlarge', '0.3840000000', 'us-east-1', 'SKU2'),
      priceListEntry('c5.xlarge', '0.0000000000'),
      '{not json',
      JSON.stringify({ product: {} }),
    ];
    // WHEN / THEN
    expect(parseOnDemandEntry(entries[0])).toEqual({ instanceType: 'm5.xlarge', usdPerHour: 0.192 });
    expect(parseOnDemandEntry(entries[2])).toBeUndefined();
    expect(parseOnDemandEntry(entries[3])).toBeUndefined();
    expect(onDemandPrices(entries)).toEqual(new Map([['m5.xlarge', 0.192]]));
  });

  test('GIVEN a paginated Price List API WHEN on-demand prices are fetched THEN filters are TERM_MATCH per type', async () => {
    pricingMock
      .on(GetProductsCommand)
      .callsFake((input: { Filters?: { Field?: string; Value?: string }[]; NextToken?: string }) => {
        const type = input.Filters?.find((f) => f.Field === 'instanceType')?.Value ?? '';
        if (type === 'm5.xlarge' && input.NextToken === undefined) return { PriceList: [], NextToken: 'p2' };
        if (type === 'm5.xlarge') return { PriceList: [priceListEntry(type, '0.192')] };
        return { PriceList: [priceListEntry(type, '0.172')] };
      });
    const r = await fetchOnDemandPrices(new PricingClient({ region: 'us-east-1' }), 'us-east-1', [
      'm5.xlarge',
      'm5a.xlarge',
    ]);
    expect(r).toEqual({
      ok: true,
      value: new Map([
        ['m5.xlarge', 0.192],
        ['m5a.xlarge', 0.172],
      ]),
    });
    const calls = pricingMock.commandCalls(GetProductsCommand);
    expect(calls).toHaveLength(3);
    expect(calls[0].args[0].input.Filters).toEqual(
      expect.arrayContaining([
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
        { Type: 'TERM_MATCH', Field: 'operatingSystem', Value: 'Linux' },
        { Type: 'TERM_MATCH', Field: 'capacitystatus', Value: 'Used' },
      ]),
    );
  });

  test('GIVEN the Price List API denies access WHEN prices are fetched THEN a marked gap, not an exception', async () => {
    pricingMock
      .on(GetProductsCommand)
      .rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }));
    const r = await fetchOnDemandPrices(new PricingClient({ region: 'us-east-1' }), 'us-east-1', [
      'm5.xlarge',
    ]);
    expect(r).toEqual({ ok: false, gap: 'Price List API: AccessDeniedException: not allowed' });
  });

  test('GIVEN the advisor file WHEN read for a region THEN Linux savings and interruption bands are returned', () => {
    const entries = advisorEntries(ADVISOR, 'us-east-1', ['m5.xlarge', 'm6i.xlarge', 'r5.large']);
    expect(entries).toEqual(
      new Map([
        ['m5.xlarge', { savingsPercent: 63, band: 1, interruption: '5-10%' }],
        ['m6i.xlarge', { savingsPercent: 58, band: 4, interruption: '>20%' }],
      ]),
    );
    expect(advisorEntries(ADVISOR, 'ap-east-1', ['m5.xlarge']).size).toBe(0);
  });

  test('rejects a file of another shape', () => {
    expect(() => advisorEntries({ hello: 1 }, 'us-east-1', ['m5.xlarge'])).toThrow(
      /not Spot Instance Advisor data/,
    );
  });

  test('GIVEN an unreachable or failing advisor URL WHEN fetched THEN a marked gap, not an exception', async () => {
    const refused: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));
    const notFound: typeof fetch = () => Promise.resolve(new Response('no', { status: 404 }));
    const hangs: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    const ok: typeof fetch = () => Promise.resolve(Response.json(ADVISOR));
    const get = (f: typeof fetch) =>
      fetchAdvisor('http://advisor.test/x.json', 'us-east-1', ['m5.xlarge'], { fetch: f, timeoutMs: 50 });
    expect(await get(refused)).toEqual({ ok: false, gap: expect.stringContaining('unreachable') });
    expect(await get(notFound)).toEqual({ ok: false, gap: expect.stringContaining('HTTP 404') });
    expect(await get(hangs)).toEqual({ ok: false, gap: expect.stringContaining('TimeoutError') });
    expect(await get(ok)).toEqual({
      ok: true,
      value: new Map([['m5.xlarge', expect.objectContaining({ band: 1 })]]),
    });
  });

  test('GIVEN placement scores by zone id WHEN fetched THEN they are keyed by zone name', async () => {
    ec2Mock.on(GetSpotPlacementScoresCommand).resolves({
      SpotPlacementScores: [
        { Region: 'us-east-1', AvailabilityZoneId: 'use1-az4', Score: 9 },
        { Region: 'us-east-1', AvailabilityZoneId: 'use1-az6', Score: 3 },
      ],
    });
    ec2Mock.on(DescribeAvailabilityZonesCommand).resolves({
      AvailabilityZones: [
        { ZoneId: 'use1-az4', ZoneName: 'us-east-1a' },
        { ZoneId: 'use1-az6', ZoneName: 'us-east-1b' },
      ],
    });
    const r = await fetchPlacementScores(
      new EC2Client({ region: 'us-east-1' }),
      'us-east-1',
      ['m5.xlarge'],
      3,
    );
    expect(r).toEqual({
      ok: true,
      value: new Map([
        ['us-east-1a', 9],
        ['us-east-1b', 3],
      ]),
    });
    expect(ec2Mock.commandCalls(GetSpotPlacementScoresCommand)[0].args[0].input).toEqual(
      expect.objectContaining({
        TargetCapacity: 3,
        SingleAvailabilityZone: true,
        RegionNames: ['us-east-1'],
      }),
    );
  });

  test('GIVEN placement scores are not permitted WHEN fetched THEN a marked gap, not an exception', async () => {
    ec2Mock
      .on(GetSpotPlacementScoresCommand)
      .rejects(Object.assign(new Error('You are not authorized'), { name: 'UnauthorizedOperation' }));
    const r = await fetchPlacementScores(
      new EC2Client({ region: 'us-east-1' }),
      'us-east-1',
      ['m5.xlarge'],
      3,
    );
    expect(r).toEqual({ ok: false, gap: 'placement scores: UnauthorizedOperation: You are not authorized' });
  });
});
