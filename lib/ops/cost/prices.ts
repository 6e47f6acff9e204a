/**
 * The dated price table of the cost model: one entry per billed dimension, each with its region,
 * the day it was read, its source and whether it could be confirmed there. The default table is
 * `prices-us-east-1.json`; users update it (or pass their own) rather than trusting stale code.
 */
import defaultTable from './prices-us-east-1.json';

/** The dimensions the model bills; a table must price every one. */
export const PRICE_KEYS = [
  'kinesis.onDemand.streamHour',
  'kinesis.onDemand.dataInGB',
  'kinesis.onDemand.dataOutGB',
  'kinesis.provisioned.shardHour',
  'kinesis.provisioned.putUnitsMillion',
  'lambda.arm.gbSecond',
  'lambda.requestsMillion',
  'dynamodb.onDemand.writeMillion',
  'dynamodb.onDemand.readMillion',
  'dynamodb.standard.storageGBMonth',
  'dynamodb.pitrGBMonth',
  'firehose.ingestionGB',
  'firehose.dynamicPartitioningGB',
  'firehose.dynamicPartitioningObjectsThousand',
  's3.standard.gbMonth',
  's3.standardIA.gbMonth',
  's3.glacierIR.gbMonth',
  's3.putThousand',
  'apigateway.http.requestsMillion',
  'cloudfront.dataOutGB',
  'cloudfront.httpsRequestsTenThousand',
  'cloudwatch.metricMonth',
  'cloudwatch.alarmMonth',
  'cloudwatch.dashboardMonth',
  'cloudwatch.logsIngestionGB',
  'secretsmanager.secretMonth',
] as const;

/**
 * Dimensions only the Kafka path and the ECS workers bill: optional in a table (tables written
 * before them stay valid); an estimate that needs one names it when it is missing.
 */
export const KAFKA_PATH_PRICE_KEYS = [
  'msk.serverless.clusterHour',
  'msk.serverless.partitionHour',
  'msk.serverless.dataInGB',
  'msk.serverless.dataOutGB',
  'msk.provisioned.brokerHour',
  'msk.provisioned.storageGBMonth',
  'vpc.natGatewayHour',
  'vpc.natGatewayDataGB',
  'fargate.onDemand.vcpuHour',
  'fargate.onDemand.gbHour',
  'fargate.spot.vcpuHour',
  'fargate.spot.gbHour',
] as const;

/**
 * Dimensions billed since tables were first written: optional in a table too, so a table written
 * before them stays valid; an estimate that needs one names it when it is missing.
 */
export const ADDED_PRICE_KEYS = ['cloudfront.originShieldRequestsTenThousand'] as const;

/** Every price a table may leave out. */
export const OPTIONAL_PRICE_KEYS = [...KAFKA_PATH_PRICE_KEYS, ...ADDED_PRICE_KEYS] as const;

export type CorePriceKey = (typeof PRICE_KEYS)[number];
export type KafkaPathPriceKey = (typeof KAFKA_PATH_PRICE_KEYS)[number];
export type OptionalPriceKey = (typeof OPTIONAL_PRICE_KEYS)[number];
export type PriceKey = CorePriceKey | OptionalPriceKey;

/** One public list price. */
export interface Price {
  /** USD per `unit`. */
  readonly price: number;
  readonly unit: string;
  readonly region: string;
  /** ISO date (YYYY-MM-DD) the price was read. */
  readonly date: string;
  /** Where to read it again. */
  readonly source: string;
  /** False when the figure could not be confirmed from the source on `date`. */
  readonly verified: boolean;
  readonly note?: string;
}

/** A complete, validated price table. */
export interface PriceTable {
  readonly region: string;
  readonly currency: 'USD';
  readonly prices: Readonly<Record<CorePriceKey, Price>> & Readonly<Partial<Record<OptionalPriceKey, Price>>>;
  /** Free-tier reminders, printed but never subtracted. */
  readonly freeTier: readonly string[];
}

export type PriceTableResult =
  { readonly ok: true; readonly table: PriceTable } | { readonly ok: false; readonly problems: string[] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Validates a parsed price table, listing every problem with its JSON path. */
export function parsePriceTable(value: unknown): PriceTableResult {
  const problems: string[] = [];
  if (!isRecord(value)) return { ok: false, problems: ['$: expected an object'] };
  if (typeof value.region !== 'string' || value.region === '')
    problems.push('$.region: expected a region name');
  if (value.currency !== 'USD') problems.push('$.currency: expected "USD"');
  const freeTier = value.freeTier ?? [];
  if (!Array.isArray(freeTier) || !freeTier.every((s) => typeof s === 'string'))
    problems.push('$.freeTier: expected a list of strings');
  const prices: Partial<Record<PriceKey, Price>> = {};
  if (!isRecord(value.prices)) {
    problems.push('$.prices: expected an object');
  } else {
    for (const key of PRICE_KEYS) {
      const p = checkPrice(value.prices[key], `$.prices["${key}"]`, problems);
      if (p !== undefined) prices[key] = p;
    }
    for (const key of OPTIONAL_PRICE_KEYS) {
      if (value.prices[key] === undefined) continue;
      const p = checkPrice(value.prices[key], `$.prices["${key}"]`, problems);
      if (p !== undefined) prices[key] = p;
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    table: {
      region: value.region as string,
      currency: 'USD',
      prices: prices as PriceTable['prices'],
      freeTier: freeTier as string[],
    },
  };
}

/** The table shipped with trendoff (us-east-1). */
export function defaultPriceTable(): PriceTable {
  const r = parsePriceTable(defaultTable);
  if (!r.ok) throw new Error(`prices-us-east-1.json is invalid:\n${r.problems.join('\n')}`);
  return r.table;
}

function checkPrice(v: unknown, path: string, problems: string[]): Price | undefined {
  if (!isRecord(v)) {
    problems.push(`${path}: missing (expected { price, unit, region, date, source, verified })`);
    return undefined;
  }
  const before = problems.length;
  if (typeof v.price !== 'number' || !Number.isFinite(v.price) || v.price < 0)
    problems.push(`${path}.price: expected a number ≥ 0`);
  for (const field of ['unit', 'region', 'source'] as const) {
    if (typeof v[field] !== 'string' || v[field] === '') problems.push(`${path}.${field}: expected a string`);
  }
  if (typeof v.date !== 'string' || !DATE.test(v.date)) problems.push(`${path}.date: expected YYYY-MM-DD`);
  if (typeof v.verified !== 'boolean') problems.push(`${path}.verified: expected true or false`);
  if (v.note !== undefined && typeof v.note !== 'string') problems.push(`${path}.note: expected a string`);
  if (problems.length > before) return undefined;
  return v as unknown as Price;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
