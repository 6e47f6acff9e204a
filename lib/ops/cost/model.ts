/**
 * The cost model of one debate night: usage inputs and the deployment's parameters in, itemised
 * line items (quantity × unit price = cost) out, with every assumption behind a quantity listed so
 * that a reader can disagree with one and rerun. Pure: no I/O, prices come from a `PriceTable`.
 */
import { MAX_SAVED_IDS } from '../../../lambda/adapters/dynamo-recent-ids';
import { rollupLevels } from '../../../lambda/core/aggregate/rollup';
import { PACKED_ID_BYTES } from '../../../lambda/core/dedupe';
import { DEFAULT_SAVE_EVERY_MS } from '../../../lambda/producer/dedupe-writer';
import { livePollMs } from '../../../lambda/core/api/limits';
import { DEFAULT_BUCKET_MS } from '../../../lambda/handlers/env/processor-env';
import { KAFKA_PATH_PRICE_KEYS, type Price, type PriceKey, type PriceTable } from './prices';

/** What the night looks like and how the app is deployed. */
export interface CostInputs {
  readonly debateId: string;
  /** Candidates in the debate config: aggregate items are written per candidate. */
  readonly candidates: number;
  /** Length of the live part of the night (posts flowing, viewers watching). */
  readonly hours: number;
  /** Average posts per second over `hours`. */
  readonly rate: number;
  /** Highest posts per second expected, for the capacity check only. @default rate */
  readonly peakRate?: number;
  /** Average size of one post as it travels through the stream (X API v2 JSON line). */
  readonly postBytes: number;
  /** Average 1-KB units one post is billed as by an on-demand stream (each record rounded up). */
  readonly streamKbPerPost: number;
  /** Provisioned shards; absent means an on-demand stream. */
  readonly shards?: number;
  /** Memory of the processor Lambda (arm64), MB. */
  readonly memoryMb: number;
  /** Most records per processor invocation (the event source's BatchSize). */
  readonly batchSize: number;
  /** Dashboards open during the night. */
  readonly viewers: number;
  /** Months the raw archive and the aggregates table are kept after the night. */
  readonly keepMonths: number;
  /** Whether the archive's Firehose uses dynamic partitioning. */
  readonly dynamicPartitioning: boolean;
  /**
   * The Kafka path (`-c stream=msk`): the MSK cluster, the topic's partitions, the NAT gateway, and
   * the archive as a consumer group instead of Firehose.
   *
   * @default - the Kinesis path
   */
  readonly kafka?: {
    readonly cluster: 'serverless' | 'provisioned';
    readonly partitions: number;
    /** Whether the producer reads X through the NAT gateway (source x) or S3 (replay). */
    readonly liveSource: boolean;
  };
  /**
   * ECS workers on Fargate Spot (`-c processing=ecs`) instead of the processor Lambda.
   *
   * @default - the processor Lambda
   */
  readonly workers?: number;
}

/** A figure the model relies on, with where it comes from. */
export interface Assumption {
  readonly name: string;
  readonly value: number | string;
  readonly basis: string;
}

/** One row of the bill. `quantity × unitPrice = cost`, `quantity` in the price's unit. */
export interface LineItem {
  readonly service: string;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly priceKey: PriceKey;
  readonly unitPrice: number;
  readonly cost: number;
  /** False when the unit price is not confirmed (see the price table). */
  readonly verified: boolean;
}

/** The estimate: line items, their total, and everything needed to judge it. */
export interface CostEstimate {
  readonly inputs: CostInputs;
  readonly region: string;
  readonly currency: 'USD';
  /** Oldest date among the prices used. */
  readonly pricesDated: string;
  readonly lineItems: readonly LineItem[];
  readonly total: number;
  readonly assumptions: readonly Assumption[];
  /** Capacity and other warnings about the inputs. */
  readonly warnings: readonly string[];
  readonly freeTier: readonly string[];
}

/** Figures the model assumes; exported so tests and reports use the same values. */
export const ASSUMED = {
  /** The app is deployed about an hour before the debate: fixed charges run for hours + 1. */
  setupHours: 1,
  /** Shards a new on-demand stream starts with (4 MB/s, 4,000 records/s). */
  onDemandShards: 4,
  /** Lambda polls an idle shard about once a second, so a batch holds about a second of posts. */
  pollSeconds: 1,
  /** Core path speed (normalise → score → buckets), `npm run bench`, 2026-11-22, one core. */
  corePostsPerSecond: 125_000,
  /** Memory at which a Lambda gets one full vCPU; below it, CPU time stretches in proportion. */
  fullVcpuMb: 1769,
  /** Round trip of one DynamoDB call from Lambda in the same region. */
  dynamoCallMs: 8,
  /** Item writes of one batch in flight at once (DynamoAggregateStore's default). */
  itemWritesInFlight: 16,
  /** Base bucket of the aggregates (BUCKET_MS default). */
  bucketSeconds: 5,
  /** Posts reach the stream up to this late, so a batch also touches earlier buckets. */
  lateSeconds: 2,
  /**
   * Stored bytes per slot of the block items (lambda/adapters/table-keys.ts), measured on a
   * `trendoff local` run at 3,000 posts/s, 11 candidates, 4 shards (2026-12-03): a candidate's whole
   * aggregate of a 5-s bucket (top 50 hashtags, 100 words) in its detail item; a candidate's series
   * counters in a stats block; the hashtags of all candidates in a hashtags block.
   */
  detailBytesPerSlot: 2068,
  statsBytesPerSlot: 63,
  hashtagBytesPerSlot: 425,
  /** Stored bytes of one extreme post (id, author, text of about 150 characters, score). */
  extremeBytes: 250,
  /** Key, shard watermarks and version of a block item. */
  blockOverheadBytes: 200,
  /** Share of posts with coordinates, measured on `trendoff generate` v2 output (695 of 29,989). */
  geoShare: 0.023,
  /** Stored size of one geo post, and posts kept per minute item. */
  geoPostBytes: 150,
  geoPostsPerMinute: 500,
  /** Conditional updates of the debate item per batch (processedAt, firstPostAt, lastPostAt), 1 WRU each. */
  debateItemWritesPerBatch: 3,
  /** Consumers reading the stream: the processor and the archive's Firehose. */
  streamConsumers: 2,
  /** gzip size ÷ raw size of v2 JSON lines, measured on `trendoff generate` output (3.8 MB / 26.3 MB). */
  gzipRatio: 0.145,
  /** Firehose buffer: an S3 object every 300 s or 128 MB. */
  firehoseBufferSeconds: 300,
  firehoseBufferMb: 128,
  /** The dashboard's poll is one /live request, once per base bucket (web/src/main.ts). */
  apiRequestsPerPoll: 1,
  pollIntervalSeconds: livePollMs(DEFAULT_BUCKET_MS) / 1000,
  /**
   * Bytes CloudFront sends per poll, headers included: a steady /live answer (the series since the
   * settled edge in columns, the window's extremes, the hashtags; 10.4 KB for 11 candidates, 3.4 KB
   * brotli, measured on a 3-hour night), or a 304 when unchanged.
   */
  pollBytes: 3_800,
  /** The dashboard's default window; /extremes reads it. */
  dashboardWindowMinutes: 30,
  /** Steps a /series poll asks for: those since the settled edge, a minute behind the newest post. */
  seriesPollSeconds: 65,
  /**
   * Distinct dashboard views (debate × window) open at once: every viewer of one view asks the
   * same URLs in the same second, so CloudFront answers them from one origin request.
   */
  distinctViews: 1,
  /**
   * URLs per view at once: a /live poll's `since` is the settled edge of its previous answer, which
   * moves once per bucket, so viewers who polled either side of a move ask two different URLs.
   */
  sinceVariants: 2,
  /** CloudFront keeps an API answer this long (its Cache-Control max-age, the cache policy's minimum). */
  apiCacheSeconds: 1,
  /**
   * CloudFront's regional edge caches serving North America and Europe (PriceClass_100): each may
   * miss once per TTL, and asks Origin Shield, which asks the API once per TTL for all of them.
   */
  apiEdgeCaches: 8,
  /** Base buckets per stats block item (one minute of 5-s slots, every candidate and shard). */
  slotsPerBlock: 12,
  /** Extremes block items /extremes reads for the window: at most two per rollup level (3 levels). */
  extremesItemsPerWindow: 6,
  /** Hashtags block items a 10-minute window reads: whole 10-minute blocks and minute blocks at its ends. */
  hashtagItemsPerWindow: 3,
  /** Query API Lambda per request. */
  apiLambdaMb: 512,
  apiLambdaMs: 100,
  /** Log bytes per Lambda invocation (START/END/REPORT lines and the metrics record). */
  logBytesPerInvocation: 1500,
  /** CloudWatch resources of the app. */
  customMetrics: 5,
  alarms: 3,
  dashboards: 1,
  secrets: 1,
  /** Dashboard page (index.html, main.js, style.css) and the requests to load it, once per viewer. */
  dashboardPageBytes: 95_172,
  dashboardPageRequests: 3,
  hoursPerMonth: 730,
  /** The live producer runs every 14 minutes, from 15 minutes before the debate to 15 after (XProducer). */
  producerRunMinutes: 14,
  producerMarginMinutes: 15,
  /** Key and attributes of the recent-id window item besides the packed ids. */
  windowItemOverheadBytes: 100,
  /** Decimal digits of a post id (X snowflakes since 2015: 18–19), the records' partition key. */
  postIdBytes: 19,
  /** Brokers of a provisioned MSK cluster: one per zone of the VPC (lib/constructs/kafka-network.ts). */
  mskBrokers: 2,
  /** Storage per broker of a provisioned cluster (MSK_BROKER_VOLUME_GB). */
  mskBrokerStorageGB: 100,
  /** NAT gateways of the Kafka path's VPC. */
  natGateways: 1,
  /** The X filtered stream's bytes per post on the wire (gzip is not asked for): about the post's own size. */
  xWireBytesPerPost: 877,
  /** One ECS worker: 1 vCPU, 2 GB (lib/constructs/kafka-workers.ts). */
  workerVcpu: 1,
  workerMemoryGB: 2,
  /** Workers on demand whatever Fargate Spot does (FARGATE_ON_DEMAND_BASE). */
  fargateOnDemandBase: 1,
  /** The worker image pulled through the NAT gateway at each task start, MB (Node slim + bundle + modules). */
  workerImageMB: 300,
  /** Task starts per worker in a night (the first, and a spot replacement). */
  workerStartsPerNight: 2,
  /** Archive consumer: at most one object per partition per batching window (1 s), fewer when slow. */
  archiveWindowSeconds: 1,
  archiveLambdaMb: 512,
  archiveLambdaMsPerBatch: 60,
} as const;

const KB = 1024;
const GB = 1024 ** 3;
const MILLION = 1e6;

/** Estimates the night's bill from the inputs and a price table. */
export function estimateCost(inputs: CostInputs, prices: PriceTable): CostEstimate {
  checkInputs(inputs);
  const a = ASSUMED;
  const items: LineItem[] = [];
  const add = (service: string, item: string, quantity: number, key: PriceKey): void => {
    const p = priceOf(prices, key);
    items.push({
      service,
      item,
      quantity,
      unit: p.unit,
      priceKey: key,
      unitPrice: p.price,
      cost: quantity * p.price,
      verified: p.verified,
    });
  };
  const warnings: string[] = [];
  const seconds = inputs.hours * 3600;
  const posts = inputs.rate * seconds;
  const deployedHours = inputs.hours + a.setupHours;
  const monthShare = deployedHours / a.hoursPerMonth;
  const peak = inputs.peakRate ?? inputs.rate;

  // Stream.
  const kafka = inputs.kafka;
  const provisioned = inputs.shards !== undefined;
  const shards = kafka?.partitions ?? inputs.shards ?? a.onDemandShards;
  if (kafka !== undefined) {
    addKafkaStream(add, inputs, kafka, { posts, seconds, deployedHours, monthShare });
  } else if (provisioned) {
    add(
      'Kinesis',
      `${shards} shards × ${deployedHours} h`,
      shards * deployedHours,
      'kinesis.provisioned.shardHour',
    );
    const unitsPerPost = Math.ceil(inputs.postBytes / (25 * KB));
    add(
      'Kinesis',
      'PUT payload units',
      (posts * unitsPerPost) / MILLION,
      'kinesis.provisioned.putUnitsMillion',
    );
    if (peak > shards * 1000 || peak * inputs.postBytes > shards * 1024 * KB)
      warnings.push(
        `${shards} shards take 1,000 records/s and 1 MB/s each; a peak of ${fmt(peak)} posts/s ` +
          `(${fmt((peak * inputs.postBytes) / (1024 * KB))} MB/s) would be throttled`,
      );
  } else {
    add('Kinesis', `on-demand stream × ${deployedHours} h`, deployedHours, 'kinesis.onDemand.streamHour');
    add(
      'Kinesis',
      'data in (1-KB rounded records)',
      (posts * inputs.streamKbPerPost * KB) / GB,
      'kinesis.onDemand.dataInGB',
    );
    add(
      'Kinesis',
      `data out (${a.streamConsumers} consumers)`,
      (posts * inputs.postBytes * a.streamConsumers) / GB,
      'kinesis.onDemand.dataOutGB',
    );
    if (peak > 4000 || peak * inputs.postBytes > 4 * 1024 * KB)
      warnings.push(
        `a new on-demand stream takes 4,000 records/s and 4 MB/s and adapts to twice its previous peak ` +
          `within about 15 minutes; a peak of ${fmt(peak)} posts/s may be throttled at first (consider --shards)`,
      );
  }

  // Processor Lambda: one invocation per shard per batch.
  const perShardRate = inputs.rate / shards;
  const recordsPerBatch = Math.min(inputs.batchSize, Math.max(1, perShardRate * a.pollSeconds));
  const batches = posts / recordsPerBatch;
  const batchSpanSeconds = perShardRate > 0 ? recordsPerBatch / perShardRate : 0;
  const bucketsPerBatch = 1 + (batchSpanSeconds + a.lateSeconds) / a.bucketSeconds;
  const geoWritesPerBatch = 1 - (1 - a.geoShare) ** recordsPerBatch;
  // A batch writes, whole, every block item its span (plus late posts) touches: on each rollup level
  // a stats, an extremes and a hashtags block, and a detail block per candidate on the finest. A
  // block fills slot by slot, so a write averages half its full size.
  const spanMs = (batchSpanSeconds + a.lateSeconds) * 1000;
  const touched = (blockMs: number): number => 1 + spanMs / blockMs;
  // Request units of an item at half its full size: 1-KB units for a write, 4-KB for a consistent read.
  const halfFullUnits =
    (unitBytes: number) =>
    (fullBytes: number): number =>
      Math.ceil((fullBytes / 2 + a.blockOverheadBytes) / unitBytes);
  const blocks = rollupLevels(a.bucketSeconds * 1000).map((level) => {
    const slots = level.blockMs / level.slotMs;
    return {
      level,
      slots,
      full: [
        slots * inputs.candidates * a.statsBytesPerSlot,
        slots * inputs.candidates * 2 * a.extremeBytes,
        slots * a.hashtagBytesPerSlot,
      ],
    };
  });
  const base = blocks[0];
  const detailFullBytes = base.slots * a.detailBytesPerSlot;
  const aggItemsPerBatch =
    blocks.reduce((n, b) => n + b.full.length * touched(b.level.blockMs), 0) +
    inputs.candidates * touched(base.level.blockMs);
  // The units of every item a batch touches, each counted with `units`.
  const aggUnits = (units: (fullBytes: number) => number): number =>
    blocks.reduce((n, b) => n + touched(b.level.blockMs) * b.full.reduce((u, f) => u + units(f), 0), 0) +
    inputs.candidates * touched(base.level.blockMs) * units(detailFullBytes);
  const aggWruPerWrite = aggUnits(halfFullUnits(KB));
  // Every shard writes the same items. A store whose conditional write on an item once failed
  // (another shard had written since; billed at the item's size) reads that item first from then
  // on — a consistent read, billed per 4 KB — and its write fails again only when another shard
  // wrote in the moment between (each writes each item about once a poll).
  const shared = shards > 1;
  const raceShare = shared ? Math.min(1, ((shards - 1) * a.dynamoCallMs) / (a.pollSeconds * 1000)) : 0;
  const writesPerItem = 1 + raceShare;
  const callsPerItem = shared ? 2 : 1;
  const aggRruPerRead = aggUnits(halfFullUnits(4 * KB));
  const itemsPerBatch = aggItemsPerBatch + geoWritesPerBatch;
  const cpuMs = (recordsPerBatch / a.corePostsPerSecond) * 1000 * Math.max(1, a.fullVcpuMb / inputs.memoryMb);
  // A read (when shared) and a conditional write per item, `itemWritesInFlight` at a time, then the debate item.
  const ioMs = (Math.ceil(itemsPerBatch / a.itemWritesInFlight) * callsPerItem + 1) * a.dynamoCallMs;
  const batchMs = cpuMs + ioMs;
  if (inputs.workers === undefined) {
    add('Lambda', 'processor requests', batches / MILLION, 'lambda.requestsMillion');
    add(
      'Lambda',
      `processor compute (${inputs.memoryMb} MB arm64)`,
      batches * (batchMs / 1000) * (inputs.memoryMb / 1024),
      'lambda.arm.gbSecond',
    );
  } else {
    addWorkers(add, inputs.workers, deployedHours);
  }

  // Query API: the dashboards poll through CloudFront, which answers every viewer of a view from
  // one origin request per URL, TTL and edge cache; only those requests reach API Gateway.
  const polls = (inputs.viewers * seconds) / a.pollIntervalSeconds;
  const viewerRequests = polls * a.apiRequestsPerPoll;
  const urls = a.distinctViews * a.sinceVariants;
  const perUrlViewerRate = inputs.viewers / urls / a.pollIntervalSeconds;
  // Misses of the regional edge caches go to Origin Shield, one cache in the API's region that
  // asks the API at most once per TTL per URL however many edge caches ask it.
  const perUrlShieldRate = Math.min(perUrlViewerRate, a.apiEdgeCaches / a.apiCacheSeconds);
  const shieldRequests = urls * perUrlShieldRate * seconds;
  const perUrlOriginRate = Math.min(perUrlViewerRate, 1 / a.apiCacheSeconds);
  const originPolls = urls * perUrlOriginRate * seconds;
  const apiRequests = originPolls * a.apiRequestsPerPoll;
  add('Lambda', 'query API requests', apiRequests / MILLION, 'lambda.requestsMillion');
  add(
    'Lambda',
    `query API compute (${a.apiLambdaMb} MB arm64)`,
    apiRequests * (a.apiLambdaMs / 1000) * (a.apiLambdaMb / 1024),
    'lambda.arm.gbSecond',
  );

  // DynamoDB: item writes rounded up to 1 KB per write, consistent reads to 4 KB per read.
  const geoPerMinute = inputs.rate * 60 * a.geoShare;
  const geoItemBytes = Math.max(1, Math.min(a.geoPostsPerMinute, geoPerMinute) * a.geoPostBytes);
  const wruPerBatch =
    writesPerItem * (aggWruPerWrite + geoWritesPerBatch * Math.ceil(geoItemBytes / KB)) +
    a.debateItemWritesPerBatch;
  add('DynamoDB', 'processor writes', (batches * wruPerBatch) / MILLION, 'dynamodb.onDemand.writeMillion');
  // Strongly consistent reads of the items other shards write too (a failed condition returns the
  // stored item, so no other reads).
  const rruPerBatch = shared ? aggRruPerRead + geoWritesPerBatch * Math.ceil(geoItemBytes / (4 * KB)) : 0;
  if (shared) {
    add(
      'DynamoDB',
      'processor reads (items other shards write too)',
      (batches * rruPerBatch) / MILLION,
      'dynamodb.onDemand.readMillion',
    );
  }
  // Per origin poll, eventually consistent (8 KB per read unit): /series reads the stats blocks of
  // the steps since the settled edge (one item per minute, every candidate and shard merged);
  // /extremes gets a few extremes blocks (each item rounded up on its own); /health and each debate
  // route read the debate item (half a unit).
  const seriesBytes =
    (Math.ceil(a.seriesPollSeconds / 60) + 1) * a.slotsPerBlock * inputs.candidates * a.statsBytesPerSlot;
  const extremesItemBytes = a.slotsPerBlock * inputs.candidates * 2 * a.extremeBytes;
  const hashtagItemBytes = a.slotsPerBlock * a.hashtagBytesPerSlot;
  const rruPerPoll =
    0.5 * a.apiRequestsPerPoll +
    Math.ceil(seriesBytes / (8 * KB)) +
    a.extremesItemsPerWindow * Math.ceil(extremesItemBytes / (8 * KB)) +
    a.hashtagItemsPerWindow * Math.ceil(hashtagItemBytes / (8 * KB));
  add('DynamoDB', 'query API reads', (originPolls * rruPerPoll) / MILLION, 'dynamodb.onDemand.readMillion');

  // Producer de-duplication (lambda/producer/dedupe-writer.ts): the live producer's recent-id window,
  // saved beside its lease after writes at most every few seconds, and read and claimed once per run.
  // Upper bound: the window counted full from the first save (it fills in capacity ÷ rate seconds).
  const windowIds = Math.min(MAX_SAVED_IDS, posts);
  const dedupeItemBytes = windowIds * PACKED_ID_BYTES + a.windowItemOverheadBytes;
  const windowWru = Math.ceil(dedupeItemBytes / KB);
  const saveSeconds = DEFAULT_SAVE_EVERY_MS / 1000;
  const windowSaves = inputs.rate > 0 ? Math.ceil(seconds / saveSeconds) : 0;
  const producerRuns = Math.ceil((inputs.hours * 60 + 2 * a.producerMarginMinutes) / a.producerRunMinutes);
  const dedupeWru = (windowSaves + producerRuns) * windowWru;
  const dedupeRru = producerRuns * Math.ceil(dedupeItemBytes / (4 * KB));
  add('DynamoDB', 'dedupe window saves (producer)', dedupeWru / MILLION, 'dynamodb.onDemand.writeMillion');
  add('DynamoDB', 'dedupe window reads (producer)', dedupeRru / MILLION, 'dynamodb.onDemand.readMillion');
  const dedupeCost =
    (dedupeWru / MILLION) * prices.prices['dynamodb.onDemand.writeMillion'].price +
    (dedupeRru / MILLION) * prices.prices['dynamodb.onDemand.readMillion'].price;

  // Archive: Firehose from the stream to S3, gzip, hourly partitions; on Kafka, the archive's
  // consumer group (a Lambda behind its own event source), one object per partition and batch.
  const rawBytes = posts * inputs.postBytes;
  const storedGB = (rawBytes * a.gzipRatio) / GB;
  let objects: number;
  if (kafka !== undefined) {
    const perPartitionRate = inputs.rate / kafka.partitions;
    const archiveBatches = perPartitionRate > 0 ? (seconds / a.archiveWindowSeconds) * kafka.partitions : 0;
    objects = Math.round(Math.min(archiveBatches, posts));
    add('Lambda', 'archive consumer requests', objects / MILLION, 'lambda.requestsMillion');
    add(
      'Lambda',
      `archive consumer compute (${a.archiveLambdaMb} MB arm64)`,
      objects * (a.archiveLambdaMsPerBatch / 1000) * (a.archiveLambdaMb / 1024),
      'lambda.arm.gbSecond',
    );
  } else {
    const firehoseBytes = posts * Math.ceil(inputs.postBytes / (5 * KB)) * 5 * KB;
    add('Firehose', 'ingestion (5-KB rounded records)', firehoseBytes / GB, 'firehose.ingestionGB');
    objects =
      Math.ceil(seconds / a.firehoseBufferSeconds) +
      Math.floor((rawBytes * a.gzipRatio) / (a.firehoseBufferMb * KB * KB));
  }
  if (inputs.dynamicPartitioning && kafka === undefined) {
    add('Firehose', 'dynamic partitioning data', rawBytes / GB, 'firehose.dynamicPartitioningGB');
    add(
      'Firehose',
      'dynamic partitioning objects',
      objects / 1000,
      'firehose.dynamicPartitioningObjectsThousand',
    );
  }
  add('S3', 'archive PUTs', objects / 1000, 's3.putThousand');
  const standardMonths = Math.min(inputs.keepMonths, 1);
  const iaMonths = Math.min(Math.max(inputs.keepMonths - 1, 0), 2);
  const glacierMonths = Math.max(inputs.keepMonths - 3, 0);
  if (standardMonths > 0)
    add('S3', 'archive, Standard (month 1)', storedGB * standardMonths, 's3.standard.gbMonth');
  if (iaMonths > 0)
    add('S3', 'archive, Standard-IA (months 2-3)', storedGB * iaMonths, 's3.standardIA.gbMonth');
  if (glacierMonths > 0)
    add('S3', 'archive, Glacier IR (after month 3)', storedGB * glacierMonths, 's3.glacierIR.gbMonth');

  // The aggregates table outlives `cdk destroy` too: the full blocks (shards merged), and a geo item
  // per minute.
  const blockBytes = blocks.reduce(
    (n, b) => n + ((seconds * 1000) / b.level.blockMs) * b.full.reduce((x, f) => x + f, 0),
    0,
  );
  const detailBytes = inputs.candidates * ((seconds * 1000) / base.level.blockMs) * detailFullBytes;
  const tableGB = (detailBytes + blockBytes + (seconds / 60) * geoItemBytes) / GB;
  if (inputs.keepMonths > 0) {
    const months = `${inputs.keepMonths} month${inputs.keepMonths === 1 ? '' : 's'}`;
    add(
      'DynamoDB',
      `aggregates kept, storage (${months})`,
      tableGB * inputs.keepMonths,
      'dynamodb.standard.storageGBMonth',
    );
    add(
      'DynamoDB',
      `aggregates kept, point-in-time recovery (${months})`,
      tableGB * inputs.keepMonths,
      'dynamodb.pitrGBMonth',
    );
  }

  add('API Gateway', 'HTTP API requests', apiRequests / MILLION, 'apigateway.http.requestsMillion');
  add('CloudFront', 'dashboard API requests', viewerRequests / 10_000, 'cloudfront.httpsRequestsTenThousand');
  add('CloudFront', 'dashboard API data out', (polls * a.pollBytes) / GB, 'cloudfront.dataOutGB');
  add(
    'CloudFront',
    'Origin Shield requests',
    (shieldRequests * a.apiRequestsPerPoll) / 10_000,
    'cloudfront.originShieldRequestsTenThousand',
  );
  add(
    'CloudFront',
    'dashboard page requests',
    (inputs.viewers * a.dashboardPageRequests) / 10_000,
    'cloudfront.httpsRequestsTenThousand',
  );
  add(
    'CloudFront',
    'dashboard page data out',
    (inputs.viewers * a.dashboardPageBytes) / GB,
    'cloudfront.dataOutGB',
  );

  add(
    'CloudWatch',
    `${a.customMetrics} custom metrics`,
    a.customMetrics * monthShare,
    'cloudwatch.metricMonth',
  );
  add('CloudWatch', `${a.alarms} alarms`, a.alarms * monthShare, 'cloudwatch.alarmMonth');
  add('CloudWatch', `${a.dashboards} dashboard`, a.dashboards * monthShare, 'cloudwatch.dashboardMonth');
  add(
    'CloudWatch',
    'log ingestion',
    ((batches + apiRequests) * a.logBytesPerInvocation) / GB,
    'cloudwatch.logsIngestionGB',
  );
  add('Secrets Manager', 'X bearer token', a.secrets * monthShare, 'secretsmanager.secretMonth');

  const total = items.reduce((s, i) => s + i.cost, 0);
  const used = new Set(items.map((i) => i.priceKey));
  const pricesDated = [...used].map((k) => priceOf(prices, k).date).sort()[0] ?? '';
  const assumptions: Assumption[] = [
    { name: 'posts', value: Math.round(posts), basis: `${fmt(inputs.rate)} posts/s × ${inputs.hours} h` },
    {
      name: 'deployed hours',
      value: deployedHours,
      basis: `${inputs.hours} h live + ${a.setupHours} h deployed ahead`,
    },
    { name: 'post size (bytes)', value: inputs.postBytes, basis: 'X API v2 filtered-stream JSON line' },
    ...(kafka !== undefined
      ? []
      : [
          {
            name: 'stream 1-KB units per post',
            value: inputs.streamKbPerPost,
            basis: 'each record rounded up to 1 KB',
          },
          {
            name: 'stream',
            value: provisioned ? `${shards} provisioned shards` : `on-demand (${shards} shards at first)`,
            basis: provisioned ? '--shards' : 'a new on-demand stream: 4 MB/s, 4,000 records/s',
          },
        ]),
    {
      name: 'records per processor batch',
      value: round(recordsPerBatch),
      basis: `min(batch size ${inputs.batchSize}, ${fmt(perShardRate)} posts/s per shard × ${a.pollSeconds} s poll)`,
    },
    { name: 'processor batches', value: Math.round(batches), basis: 'posts ÷ records per batch' },
    {
      name: 'buckets touched per batch',
      value: round(bucketsPerBatch),
      basis: `1 + (batch span ${round(batchSpanSeconds)} s + ${a.lateSeconds} s late) ÷ ${a.bucketSeconds} s buckets`,
    },
    {
      name: 'aggregate items per batch',
      value: round(aggItemsPerBatch),
      basis: `stats, extremes and hashtags blocks on ${blocks.length} rollup levels + a detail block per candidate, each block the batch's span touches`,
    },
    {
      name: 'write units per batch',
      value: round(wruPerBatch),
      basis: `each item written whole at half its full size on average (full: detail ${fmt(detailFullBytes)} B, ${blocks.map((b) => `${b.level.slotMs / 1000}-s slots ${b.full.map((f) => fmt(f)).join('/')} B`).join(', ')}) × ${round(writesPerItem)} (${shared ? `read first, as other shards write the same items; the write fails and is made again when one of the ${shards - 1} others wrote in the ${a.dynamoCallMs} ms between` : 'one shard'}) + ${a.debateItemWritesPerBatch} debate updates`,
    },
    ...(shared
      ? [
          {
            name: 'read units per batch',
            value: round(rruPerBatch),
            basis:
              'each item read whole (strongly consistent, 4 KB units) at half its full size before its write',
          },
        ]
      : []),
    {
      name: 'geo minute item (bytes)',
      value: Math.round(geoItemBytes),
      basis: `${a.geoShare * 100}% of posts geotagged, ≤ ${a.geoPostsPerMinute} × ${a.geoPostBytes} B per minute, written whole by each batch`,
    },
    {
      name: 'processor ms per batch',
      value: round(batchMs),
      basis: `core path ${fmt(a.corePostsPerSecond)} posts/s/vCPU (${round(cpuMs)} ms) + DynamoDB ${a.dynamoCallMs} ms × (${callsPerItem} call${callsPerItem > 1 ? 's' : ''} per item, ${a.itemWritesInFlight} in flight, + 1)`,
    },
    {
      name: 'dedupe window (bytes)',
      value: dedupeItemBytes,
      basis: `the live producer's last ${fmt(windowIds)} post ids (at most ${fmt(MAX_SAVED_IDS)}, inside DynamoDB's 400 KB item) × ${PACKED_ID_BYTES} B: ${windowWru} WRUs per save`,
    },
    {
      name: 'dedupe window saves',
      value: windowSaves + producerRuns,
      basis: `one every ${saveSeconds} s while posts flow (${fmt(60 / saveSeconds)} a minute) + one claim per producer run (${producerRuns} runs, every ${a.producerRunMinutes} min, ${a.producerMarginMinutes} min either side); one consistent read per run`,
    },
    {
      name: 'dedupe cost per million posts (USD)',
      value: posts > 0 ? Math.round((dedupeCost / posts) * MILLION * 10_000) / 10_000 : 0,
      basis:
        'window saves and reads ÷ posts; duplicates it drops never reach the stream, the processor or the archive',
    },
    {
      name: 'partition key (bytes)',
      value: a.postIdBytes,
      basis:
        "the post's id, so copies of a post share a shard; counted in each record's size, as the author id it replaced was",
    },
    {
      name: 'dashboard polls',
      value: Math.round(polls),
      basis: `${inputs.viewers} viewers × one poll (${a.apiRequestsPerPoll} requests, ${fmt(a.pollBytes)} B) every ${a.pollIntervalSeconds} s × ${inputs.hours} h, all to CloudFront`,
    },
    {
      name: 'polls reaching the API',
      value: Math.round(originPolls),
      basis: `${a.distinctViews} distinct view(s) × ${a.sinceVariants} since values × min(${fmt(perUrlViewerRate)} viewer polls/s, 1 ÷ ${a.apiCacheSeconds} s TTL) × ${inputs.hours} h: Origin Shield and the edge caches answer the rest`,
    },
    {
      name: 'polls reaching Origin Shield',
      value: Math.round(shieldRequests),
      basis: `${a.distinctViews} distinct view(s) × ${a.sinceVariants} since values × min(${fmt(perUrlViewerRate)} viewer polls/s, ${a.apiEdgeCaches} regional edge caches ÷ ${a.apiCacheSeconds} s TTL) × ${inputs.hours} h`,
    },
    {
      name: 'DynamoDB read units per poll reaching the API',
      value: rruPerPoll,
      basis: `/live reads the stats blocks of the ${a.seriesPollSeconds} s since the settled edge (a minute of 5-s slots per item, all candidates and shards), ${a.extremesItemsPerWindow} extremes blocks, ${a.hashtagItemsPerWindow} hashtags blocks and the debate item; eventually consistent`,
    },
    {
      name: 'archive (GB, gzip)',
      value: round(storedGB),
      basis: `raw × ${a.gzipRatio} (measured gzip ratio), kept ${inputs.keepMonths} months`,
    },
    {
      name: 'aggregates table (GB)',
      value: round(tableGB),
      basis: `${inputs.candidates} candidates × ${fmt(seconds / a.bucketSeconds)} buckets × ${a.detailBytesPerSlot} B of detail (measured) + the rollup blocks (${fmt(blockBytes / (1024 * 1024))} MB) + a geo item per minute; shards merged; kept ${inputs.keepMonths} month(s)`,
    },
    {
      name: 'archive objects',
      value: objects,
      basis:
        kafka !== undefined
          ? `one per partition per ${a.archiveWindowSeconds}-s batch of the archive's consumer group (${kafka.partitions} partitions)`
          : `one per ${a.firehoseBufferSeconds} s or ${a.firehoseBufferMb} MB of Firehose buffer`,
    },
    ...kafkaAssumptions(inputs),
    {
      name: 'monthly charges',
      value: Math.round(monthShare * 10_000) / 10_000,
      basis: `pro-rated: ${deployedHours} h ÷ ${a.hoursPerMonth} h a month`,
    },
  ];
  return {
    inputs,
    region: prices.region,
    currency: 'USD',
    pricesDated,
    lineItems: items,
    total,
    assumptions,
    warnings,
    freeTier: prices.freeTier,
  };
}

type AddItem = (service: string, item: string, quantity: number, key: PriceKey) => void;

function isKafkaPathKey(key: PriceKey): boolean {
  return (KAFKA_PATH_PRICE_KEYS as readonly string[]).includes(key);
}

/** The unit price of `key`; an optional price missing from a user's table is named. */
export function priceOf(prices: PriceTable, key: PriceKey): Price {
  const p = (prices.prices as Partial<Record<PriceKey, Price>>)[key];
  if (p === undefined)
    throw new MissingPriceError(
      `the price table has no "${key}" (${isKafkaPathKey(key) ? 'needed for the Kafka path or the ECS workers' : 'billed since the table was written'}): copy it from lib/ops/cost/prices-us-east-1.json`,
    );
  return p;
}

/** A price the estimate needs is not in the table. */
export class MissingPriceError extends Error {
  override name = 'MissingPriceError';
}

/** MSK (Serverless: cluster, partitions, data in and out; provisioned: brokers and storage) and the NAT gateway. */
function addKafkaStream(
  add: AddItem,
  inputs: CostInputs,
  kafka: NonNullable<CostInputs['kafka']>,
  n: { posts: number; seconds: number; deployedHours: number; monthShare: number },
): void {
  const a = ASSUMED;
  const dataGB = (n.posts * inputs.postBytes) / GB;
  if (kafka.cluster === 'serverless') {
    add('MSK', `Serverless cluster × ${n.deployedHours} h`, n.deployedHours, 'msk.serverless.clusterHour');
    add(
      'MSK',
      `${kafka.partitions} partitions × ${n.deployedHours} h`,
      kafka.partitions * n.deployedHours,
      'msk.serverless.partitionHour',
    );
    add('MSK', 'data in', dataGB, 'msk.serverless.dataInGB');
    add(
      'MSK',
      `data out (${a.streamConsumers} consumer groups)`,
      dataGB * a.streamConsumers,
      'msk.serverless.dataOutGB',
    );
  } else {
    add(
      'MSK',
      `${a.mskBrokers} brokers × ${n.deployedHours} h`,
      a.mskBrokers * n.deployedHours,
      'msk.provisioned.brokerHour',
    );
    add(
      'MSK',
      `broker storage (${a.mskBrokers} × ${a.mskBrokerStorageGB} GB)`,
      a.mskBrokers * a.mskBrokerStorageGB * n.monthShare,
      'msk.provisioned.storageGBMonth',
    );
  }
  add(
    'VPC',
    `${a.natGateways} NAT gateway × ${n.deployedHours} h`,
    a.natGateways * n.deployedHours,
    'vpc.natGatewayHour',
  );
  const xGB = kafka.liveSource ? (n.posts * a.xWireBytesPerPost) / GB : 0;
  const imageGB = ((inputs.workers ?? 0) * a.workerStartsPerNight * a.workerImageMB) / 1024;
  add('VPC', 'NAT gateway data (X stream in, worker image pulls)', xGB + imageGB, 'vpc.natGatewayDataGB');
}

/** ECS workers on Fargate: the on-demand base at on-demand rates, the rest on Fargate Spot. */
function addWorkers(add: AddItem, workers: number, deployedHours: number): void {
  const a = ASSUMED;
  const onDemand = Math.min(workers, a.fargateOnDemandBase);
  const spot = workers - onDemand;
  add(
    'Fargate',
    `${onDemand} on-demand worker vCPU × ${deployedHours} h`,
    onDemand * a.workerVcpu * deployedHours,
    'fargate.onDemand.vcpuHour',
  );
  add(
    'Fargate',
    `${onDemand} on-demand worker GB × ${deployedHours} h`,
    onDemand * a.workerMemoryGB * deployedHours,
    'fargate.onDemand.gbHour',
  );
  if (spot > 0) {
    add(
      'Fargate',
      `${spot} Spot worker vCPU × ${deployedHours} h`,
      spot * a.workerVcpu * deployedHours,
      'fargate.spot.vcpuHour',
    );
    add(
      'Fargate',
      `${spot} Spot worker GB × ${deployedHours} h`,
      spot * a.workerMemoryGB * deployedHours,
      'fargate.spot.gbHour',
    );
  }
}

function kafkaAssumptions(inputs: CostInputs): Assumption[] {
  const a = ASSUMED;
  const out: Assumption[] = [];
  if (inputs.kafka !== undefined)
    out.push(
      {
        name: 'stream (Kafka)',
        value: `MSK ${inputs.kafka.cluster}, ${inputs.kafka.partitions} partitions`,
        basis:
          inputs.kafka.cluster === 'serverless'
            ? 'billed per cluster-hour, partition-hour and GB in and out'
            : `${a.mskBrokers} brokers (one per zone), ${a.mskBrokerStorageGB} GB each, billed whether used or not`,
      },
      {
        name: 'NAT gateway',
        value: `${a.natGateways}, in one zone`,
        basis: inputs.kafka.liveSource
          ? `the live producer reads X through it (${a.xWireBytesPerPost} B a post); S3 and DynamoDB go through free gateway endpoints`
          : 'a replay reads S3 through a free gateway endpoint; the gateway is billed by the hour all the same',
      },
    );
  if (inputs.workers !== undefined)
    out.push({
      name: 'ECS workers',
      value: inputs.workers,
      basis: `${a.workerVcpu} vCPU and ${a.workerMemoryGB} GB each, ${Math.min(inputs.workers, a.fargateOnDemandBase)} on demand, the rest on Fargate Spot, for the deployed hours (scaling on lag adds workers only while the group lags); ${a.workerStartsPerNight} image pulls of ${a.workerImageMB} MB each through the NAT gateway`,
    });
  return out;
}

function checkInputs(i: CostInputs): void {
  const positive: [string, number][] = [
    ['hours', i.hours],
    ['postBytes', i.postBytes],
    ['streamKbPerPost', i.streamKbPerPost],
    ['memoryMb', i.memoryMb],
    ['batchSize', i.batchSize],
    ['candidates', i.candidates],
  ];
  for (const [name, v] of positive) {
    if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`${name} must be a number > 0, got ${v}`);
  }
  const nonNegative: [string, number][] = [
    ['rate', i.rate],
    ['viewers', i.viewers],
    ['keepMonths', i.keepMonths],
    ['peakRate', i.peakRate ?? 0],
  ];
  for (const [name, v] of nonNegative) {
    if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`${name} must be a number ≥ 0, got ${v}`);
  }
  if (i.shards !== undefined && !(Number.isInteger(i.shards) && i.shards >= 1))
    throw new RangeError(`shards must be a whole number ≥ 1, got ${i.shards}`);
  if (i.kafka !== undefined && !(Number.isInteger(i.kafka.partitions) && i.kafka.partitions >= 1))
    throw new RangeError(`partitions must be a whole number ≥ 1, got ${i.kafka.partitions}`);
  if (i.workers !== undefined && !(Number.isInteger(i.workers) && i.workers >= 1))
    throw new RangeError(`workers must be a whole number ≥ 1, got ${i.workers}`);
  if (i.workers !== undefined && i.kafka === undefined)
    throw new RangeError('ECS workers consume Kafka: give kafka');
  if (i.workers !== undefined && i.kafka !== undefined && i.workers > i.kafka.partitions)
    throw new RangeError(
      `${i.workers} workers for ${i.kafka.partitions} partitions: at most one worker per partition`,
    );
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
