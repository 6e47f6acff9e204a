/** `trendoff spot`: which spot capacity to ask for, and what it will cost. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { PricingClient } from '@aws-sdk/client-pricing';
import type { Writable } from 'stream';
import { awsNetworkSettings } from '../../lambda/adapters/network-timeouts';
import { SPOT_ADVISOR_URL } from '../ops/spot/advisor';
import {
  fetchAdvisor,
  fetchOnDemandPrices,
  fetchPlacementScores,
  fetchSpotPriceHistory,
  PRICING_REGIONS,
  type Sourced,
} from '../ops/spot/fetch';
import { LEGACY_FLOOR, LEGACY_MARKUP, legacyBid } from '../ops/spot/legacy-bid';
import { summarisePools } from '../ops/spot/price-history';
import { legacyRecommendation, recommendFleet, type SpotRecommendation } from '../ops/spot/recommend';
import { poolRows, reportJson, reportTable, type SpotReport } from '../ops/spot/report';
import { BackpressureWriter } from '../io/backpressure-writer';
import { failureLine } from './failure-line';
import { choiceOption, InputError, numberOption, parseCommandArgs, UsageError } from './command-args';

export const SPOT_HELP = `Usage: trendoff spot --region R --instance-types a,b,c [--nodes N] [--hours H]
                    [--strategy price-capacity|legacy-bid] [--lookback 1h|7d|30d] [--json]

Reads the Linux/UNIX spot price history of the given types in every zone of the region and prints,
per type and zone, the current price, the time-weighted average over the lookback, the on-demand
price and savings, the Spot Instance Advisor's interruption band and the spot placement score; any
source that cannot be reached is shown as a marked gap. Then it recommends capacity:

  price-capacity (default)  an instance fleet: all the given types (interchangeable) in every zone,
                            price-capacity-optimized allocation, on-demand fallback, no max price
                            unless --max-price; with the expected cost of --nodes × --hours.
  legacy-bid                the original rule: for the first type, the zone whose spot prices over
                            the lookback (default 1h) have the lowest plain mean; bid = mean × 1.2,
                            at least $0.02. Since 2017 a bid is only a cap; kept for comparison.

Uses the standard AWS credential chain and endpoint settings (AWS_ENDPOINT_URL,
AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_PRICING, …). Progress goes to stderr.

Options:
  --region R              region to price (default: AWS_REGION)
  --instance-types LIST   comma-separated instance types; the first is the primary node's type
  --nodes N               nodes to run (default 3)
  --hours H               hours to run them, for the cost estimate (default 2)
  --strategy S            price-capacity (default) or legacy-bid
  --lookback D            history to average: a number of hours or days, e.g. 1h, 7d, 30d (at most
                          90d; default 7d, or 1h for legacy-bid)
  --max-price USD         cap the fleet's hourly spot price (not advised: more interruptions)
  --markup X              legacy-bid multiplier over the mean (default 1.2)
  --floor USD             legacy-bid lowest bid (default 0.02)
  --pricing-region R      Price List API region: ${PRICING_REGIONS.join(', ')} (default us-east-1)
  --advisor-url URL       Spot Instance Advisor data, or "none" to skip
                          (default ${SPOT_ADVISOR_URL})
  --json                  print the report as JSON
  --quiet                 no progress on stderr
  -h, --help              show this help`;

/** Streams and settings the command runs with; `now` and `fetch` are replaceable for tests. */
export interface SpotIo {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  now?: () => number;
  fetch?: typeof fetch;
}

const STRATEGIES = ['price-capacity', 'legacy-bid'] as const;
const MAX_LOOKBACK_MS = 90 * 86_400_000;
const ADVISOR_TIMEOUT_MS = 5000;

/** "1h", "36h", "7d", "30d" → milliseconds (at most 90 days, the API's limit). */
export function parseLookback(text: string): number {
  const m = /^(\d+)(h|d)$/.exec(text.trim());
  const ms = m ? Number(m[1]) * (m[2] === 'h' ? 3_600_000 : 86_400_000) : NaN;
  if (!(ms > 0) || ms > MAX_LOOKBACK_MS) {
    throw new UsageError(
      'spot',
      `--lookback must be hours or days up to 90d, like 1h, 7d or 30d, got "${text}"`,
    );
  }
  return ms;
}

export async function runSpot(argv: string[], io: SpotIo): Promise<number> {
  const { values } = parseCommandArgs('spot', argv, {
    region: { type: 'string' },
    'instance-types': { type: 'string' },
    nodes: { type: 'string' },
    hours: { type: 'string' },
    strategy: { type: 'string' },
    lookback: { type: 'string' },
    'max-price': { type: 'string' },
    markup: { type: 'string' },
    floor: { type: 'string' },
    'pricing-region': { type: 'string' },
    'advisor-url': { type: 'string' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean' },
  });
  const out = new BackpressureWriter(io.stdout);
  if (values.help) {
    await out.write(SPOT_HELP + '\n');
    return 0;
  }
  const region = values.region || io.env.AWS_REGION;
  if (!region) throw new UsageError('spot', '--region is required (or set AWS_REGION)');
  const instanceTypes = [
    ...new Set(
      (values['instance-types'] ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== ''),
    ),
  ];
  if (instanceTypes.length === 0)
    throw new UsageError('spot', '--instance-types is required, e.g. m5.xlarge,m5a.xlarge');
  const strategy = choiceOption('spot', values, 'strategy', STRATEGIES, 'price-capacity');
  const nodes = numberOption('spot', values, 'nodes', 3, { min: 1, integer: true });
  const hours = numberOption('spot', values, 'hours', 2, { min: 0 });
  const lookbackLabel = values.lookback ?? (strategy === 'legacy-bid' ? '1h' : '7d');
  const lookbackMs = parseLookback(lookbackLabel);
  const maxPrice =
    values['max-price'] === undefined ? undefined : numberOption('spot', values, 'max-price', 0, { min: 0 });
  const markup = numberOption('spot', values, 'markup', LEGACY_MARKUP, { min: 1 });
  const floor = numberOption('spot', values, 'floor', LEGACY_FLOOR, { min: 0 });
  const pricingRegion = choiceOption('spot', values, 'pricing-region', PRICING_REGIONS, 'us-east-1');
  const advisorUrl = values['advisor-url'] ?? SPOT_ADVISOR_URL;

  const progress = progressLine(io.stderr, values.quiet === true);
  const end = io.now?.() ?? Date.now();
  const start = end - lookbackMs;
  const ec2 = new EC2Client({ region, ...awsNetworkSettings(io.env) });
  const pricing = new PricingClient({ region: pricingRegion, ...awsNetworkSettings(io.env) });
  try {
    let points;
    try {
      points = await fetchSpotPriceHistory(
        ec2,
        { instanceTypes, start: new Date(start), end: new Date(end) },
        progress,
      );
    } catch (err) {
      throw new InputError(`DescribeSpotPriceHistory failed in ${region}: ${failureLine(err)}`);
    }
    progress('on-demand prices, Spot Instance Advisor, placement scores');
    const [onDemand, advisor, scores] = await Promise.all([
      fetchOnDemandPrices(pricing, region, instanceTypes, progress),
      advisorUrl === 'none'
        ? Promise.resolve<Sourced<never>>({
            ok: false,
            gap: 'Spot Instance Advisor skipped (--advisor-url none)',
          })
        : fetchAdvisor(advisorUrl, region, instanceTypes, { fetch: io.fetch, timeoutMs: ADVISOR_TIMEOUT_MS }),
      fetchPlacementScores(ec2, region, instanceTypes, nodes),
    ]);
    progress('');
    const pools = summarisePools(points, start, end);
    const { rows, sources } = poolRows(pools, onDemand, advisor, scores);
    let recommendation: SpotRecommendation | null;
    if (strategy === 'legacy-bid') {
      const bid = legacyBid(points, instanceTypes[0], { markup, floor });
      recommendation = bid ? legacyRecommendation(region, bid, nodes, hours) : null;
    } else {
      recommendation =
        pools.length === 0
          ? null
          : recommendFleet({
              region,
              instanceTypes,
              pools,
              nodes,
              hours,
              ...(onDemand.ok ? { onDemand: onDemand.value } : {}),
              ...(advisor.ok ? { advisor: advisor.value } : {}),
              ...(maxPrice !== undefined ? { maxPrice } : {}),
            });
    }
    const report: SpotReport = {
      region,
      strategy,
      lookback: {
        label: lookbackLabel,
        from: new Date(start).toISOString(),
        to: new Date(end).toISOString(),
      },
      pools: rows,
      sources,
      recommendation,
    };
    await out.write(values.json ? reportJson(report) + '\n' : reportTable(report));
    return recommendation === null ? 1 : 0;
  } finally {
    ec2.destroy();
    pricing.destroy();
  }
}

/** Progress on stderr: rewritten in place on a terminal, one line each otherwise; '' ends it. */
function progressLine(stderr: Writable, quiet: boolean): (message: string) => void {
  if (quiet) return () => undefined;
  const tty = (stderr as Writable & { isTTY?: boolean }).isTTY === true;
  return (message) => {
    if (tty) stderr.write(`\r\x1b[K${message ? `fetching ${message}…` : ''}`);
    else if (message) stderr.write(`fetching ${message}…\n`);
  };
}
