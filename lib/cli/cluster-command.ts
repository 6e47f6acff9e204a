/**
 * `trendoff cluster`: the EMR cluster that re-analyses a debate's archive in batch — up, status,
 * down — plus the two programs the job runs: `aggregate` (what Spark pipes partitions through, on
 * the cluster's nodes) and `load` (the job's output into the aggregates table).
 */
import * as fs from 'fs';
import type { Readable, Writable } from 'stream';
import { DEFAULT_COMPACT_LIMITS } from '../../lambda/adapters/dynamo-aggregate-store';
import { formatProblems, parseDebateConfig, type DebateConfig } from '../../lambda/core/debate-config';
import { SCORER_NAMES, type ScorerName } from '../../lambda/core/sentiment';
import { readLineBatches } from '../../lambda/io/lines';
import { BackpressureWriter } from '../io/backpressure-writer';
import { packagePath } from '../io/package-root';
import { loadDebateConfig } from './debate-file';
import { parseDuration } from './duration';
import {
  choiceOption,
  InputError,
  numberOption,
  parseCommandArgs,
  requireString,
  scorerOption,
  UsageError,
} from './command-args';

export const CLUSTER_HELP = `Usage: trendoff cluster up --assets s3://B/P --subnets S1,S2 --recommendation F
                          --security-configuration NAME [--debate F --archive s3://A] [options]
       trendoff cluster status --cluster ID [--region R]
       trendoff cluster down --cluster ID [--region R]
       trendoff cluster load --from s3://B/P --debate F --run ID --table T [--as ID]
       trendoff cluster aggregate [--merge] [--lexicon L] [--bucket-ms N]   (runs on the nodes)

An EMR 7.x cluster with Spark that re-analyses a debate's archive: instance fleets from a
"trendoff spot" recommendation (spot, price-capacity-optimized, on demand after the spot timeout),
terminates itself when idle, logs to S3, encrypted at rest and in transit.

up        uploads the bootstrap scripts, the CLI bundle and the job, starts the cluster (with the
          re-analysis step when --debate is given) and prints its id, the estimated cost per hour,
          and the console and log links
status    the cluster's state, its steps, and the spend so far (EC2 + EMR fee at today's prices)
down      terminates the cluster
load      puts the job's output (s3://B/P/<run>/out/aggregates) in the aggregates table as the shard
          batch-<run>; loading again changes nothing
aggregate reads posts (or, with --merge, partial aggregates) on stdin and writes aggregate lines;
          the debate config comes from --debate F or the TRENDOFF_DEBATE variable (JSON text)

Options of up:
  --assets s3://B/P            where scripts, bundle, config and output go (a folder per run)
  --subnets S1,S2              subnets EMR may choose from (several: EMR picks the zone)
  --recommendation F           the fleet recommendation: the output of "trendoff spot --json"
                               (fleet or legacy bid), or JSON {instanceTypes [{instanceType, weight,
                               maxPrice?}], onDemandTarget, spotTarget, allocationStrategy}
  --security-configuration N   an EMR security configuration (e.g. the EmrCluster construct's)
  --log-uri s3://L             log folder (default s3://B/P/logs/)
  --release emr-7.x.y          default: the newest 7.x release of the region
  --primary-type T             primary node type (default: the first recommended type)
  --idle D                     terminate after this idle time (default 1h; 1m to 7d)
  --max-units N                managed scaling's ceiling in capacity units (default: no scaling)
  --spot-timeout-minutes N     wait for spot before switching to on demand (default 10)
  --key-name K                 EC2 key pair for SSH
  --debate F --archive s3://A  add the re-analysis step for this debate config and archive bucket
  --lexicon L, --bucket-ms N   scorer (default vader) and base bucket (default 5000) of the step
  --run ID                     run id (default: the UTC time, e.g. 20250101T120000Z)
  --region R                   default: AWS_REGION
  -h, --help                   show this help`;

type Io = { stdin: Readable; stdout: Writable; stderr: Writable; env: NodeJS.ProcessEnv };

export async function runCluster(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const out = new BackpressureWriter(io.stdout);
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    await out.write(CLUSTER_HELP + '\n');
    return sub === undefined ? 2 : 0;
  }
  switch (sub) {
    case 'aggregate':
      return runAggregate(rest, io);
    case 'up':
      return runUp(rest, io, out);
    case 'status':
      return runStatus(rest, io, out);
    case 'down':
      return runDown(rest, io, out);
    case 'load':
      return runLoad(rest, io, out);
    default:
      throw new UsageError('cluster', `unknown subcommand "${sub}" (up, status, down, load, aggregate)`);
  }
}

function region(values: Record<string, unknown>, env: NodeJS.ProcessEnv): string {
  const r = (values.region as string | undefined) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!r) throw new UsageError('cluster', '--region is required (or set AWS_REGION)');
  return r;
}

function s3Location(option: string, uri: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (m === null) throw new UsageError('cluster', `--${option} must be s3://bucket[/prefix], got "${uri}"`);
  return { bucket: m[1] as string, prefix: (m[2] ?? '').replace(/\/+$/, '') };
}

async function runAggregate(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('cluster aggregate', argv, {
    merge: { type: 'boolean' },
    debate: { type: 'string' },
    lexicon: { type: 'string' },
    'labmt-file': { type: 'string' },
    'bucket-ms': { type: 'string' },
  });
  const { PostAggregator, PartialMerger } = await import('../ops/emr/partials');
  const sink = values.merge
    ? new PartialMerger(DEFAULT_COMPACT_LIMITS)
    : new PostAggregator(
        debateOf(values.debate, io.env),
        scorerOption('cluster', values, io.env),
        numberOption('cluster aggregate', values, 'bucket-ms', 5000, { min: 1000, integer: true }),
      );
  for await (const batch of readLineBatches(io.stdin)) {
    for (const line of batch) {
      if ('overlongBytes' in line)
        throw new InputError(`line ${line.no} is ${line.overlongBytes} bytes, over 1 MiB`);
      try {
        sink.add(line.text);
      } catch (err) {
        throw new InputError(`line ${line.no}: ${(err as Error).message}`);
      }
    }
  }
  const out = new BackpressureWriter(io.stdout);
  let text = '';
  for (const l of sink.lines()) {
    text += JSON.stringify(l) + '\n';
    if (text.length > 1 << 20) {
      await out.write(text);
      text = '';
    }
  }
  await out.write(text);
  if (sink instanceof PostAggregator)
    io.stderr.write(`trendoff cluster aggregate: ${JSON.stringify(sink.counts)}\n`);
  return 0;
}

function debateOf(file: string | undefined, env: NodeJS.ProcessEnv): DebateConfig {
  if (file !== undefined) return loadDebateConfig(file);
  const text = env.TRENDOFF_DEBATE;
  if (!text) throw new UsageError('cluster', 'aggregate needs --debate F or TRENDOFF_DEBATE');
  const r = parseDebateConfig(text);
  if (!r.ok)
    throw new InputError(
      `TRENDOFF_DEBATE is not a valid debate config: ${formatProblems(r.problems).split('\n').join('; ')}`,
    );
  return r.config;
}

async function clients(r: string) {
  const [{ EMRClient }, { EC2Client }, { PricingClient }, { s3Client }, { awsNetworkSettings }] =
    await Promise.all([
      import('@aws-sdk/client-emr'),
      import('@aws-sdk/client-ec2'),
      import('@aws-sdk/client-pricing'),
      import('../../lambda/adapters/aws-clients'),
      import('../../lambda/adapters/network-timeouts'),
    ]);
  return {
    emr: new EMRClient({ region: r, ...awsNetworkSettings() }),
    ec2: new EC2Client({ region: r, ...awsNetworkSettings() }),
    // The Price List API answers in us-east-1 (and ap-south-1) only.
    pricing: new PricingClient({ region: 'us-east-1', ...awsNetworkSettings() }),
    s3: s3Client({ region: r }),
  };
}

function runId(values: Record<string, unknown>): string {
  const id = (values.run as string | undefined) ?? new Date().toISOString().replace(/[-:]|\.\d+/g, '');
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id))
    throw new UsageError('cluster', `--run must be 1 to 64 of A-Z a-z 0-9 _ . -`);
  return id;
}

async function runUp(argv: string[], io: Io, out: BackpressureWriter): Promise<number> {
  const cmd = 'cluster up';
  const { values } = parseCommandArgs(cmd, argv, {
    assets: { type: 'string' },
    subnets: { type: 'string' },
    recommendation: { type: 'string' },
    'security-configuration': { type: 'string' },
    'log-uri': { type: 'string' },
    release: { type: 'string' },
    'primary-type': { type: 'string' },
    idle: { type: 'string' },
    'max-units': { type: 'string' },
    'spot-timeout-minutes': { type: 'string' },
    'key-name': { type: 'string' },
    debate: { type: 'string' },
    archive: { type: 'string' },
    lexicon: { type: 'string' },
    'bucket-ms': { type: 'string' },
    run: { type: 'string' },
    region: { type: 'string' },
    name: { type: 'string' },
  });
  if (values.help) {
    await out.write(CLUSTER_HELP + '\n');
    return 0;
  }
  const { buildInstanceFleets, FleetError, readRecommendation } = await import('../ops/emr/fleet');
  const spec = await import('../ops/emr/cluster-spec');
  const ops = await import('../ops/emr/cluster-ops');
  const r = region(values, io.env);
  const assets = s3Location('assets', requireString(cmd, values, 'assets'));
  const id = runId(values);
  const prefix = [assets.prefix, id].filter((p) => p !== '').join('/');
  const subnets = requireString(cmd, values, 'subnets')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const recFile = requireString(cmd, values, 'recommendation');
  let fleets;
  try {
    const read = readRecommendation(JSON.parse(fs.readFileSync(recFile, 'utf8')));
    fleets = buildInstanceFleets(read.recommendation, {
      primaryInstanceType: values['primary-type'],
      spotTimeoutMinutes: numberOption(cmd, values, 'spot-timeout-minutes', read.spotTimeoutMinutes ?? 10, {
        min: 5,
        integer: true,
      }),
    });
  } catch (err) {
    if (err instanceof FleetError || err instanceof SyntaxError || (err as NodeJS.ErrnoException).code)
      throw new InputError(`${recFile}: ${(err as Error).message}`);
    throw err;
  }
  const idleMs = parseDuration(cmd, 'idle', values.idle ?? '1h');
  const lexicon = choiceOption<ScorerName>(cmd, values, 'lexicon', SCORER_NAMES, 'vader');
  const bucketMs = numberOption(cmd, values, 'bucket-ms', 5000, { min: 1000, integer: true });
  const uploads: { file: string; body: string | Uint8Array }[] = [
    {
      file: spec.ASSET_FILES.installScript,
      body: fs.readFileSync(packagePath(spec.ASSET_FILES.installScript)),
    },
    { file: spec.ASSET_FILES.job, body: fs.readFileSync(packagePath(spec.ASSET_FILES.job)) },
    { file: spec.ASSET_FILES.cli, body: fs.readFileSync(packagePath(spec.ASSET_FILES.cli)) },
  ];
  const steps = [];
  if (values.debate !== undefined) {
    const config = loadDebateConfig(values.debate);
    const archive = s3Location('archive', requireString(cmd, values, 'archive'));
    uploads.push({ file: 'debate.json', body: JSON.stringify(config) });
    steps.push(
      spec.reanalysisStep({
        debateId: config.id,
        archiveUri: spec.s3Uri(archive.bucket, archive.prefix),
        debateConfigUri: spec.s3Uri(assets.bucket, prefix, 'debate.json'),
        outputUri: spec.s3Uri(assets.bucket, prefix, 'out'),
        lexicon,
        bucketMs,
        jobUri: spec.s3Uri(assets.bucket, prefix, spec.ASSET_FILES.job),
      }),
    );
  }
  let report;
  try {
    report = await ops.clusterUp(await clients(r), {
      region: r,
      name: values.name ?? `trendoff-${id}`,
      releaseLabel: values.release,
      fleets,
      subnetIds: subnets,
      assetsBucket: assets.bucket,
      assetsPrefix: prefix,
      logUri: values['log-uri'] ?? spec.s3Uri(assets.bucket, assets.prefix, 'logs') + '/',
      securityConfiguration: requireString(cmd, values, 'security-configuration'),
      idleTimeoutSeconds: Math.round(idleMs / 1000),
      maxCapacityUnits:
        values['max-units'] === undefined
          ? undefined
          : numberOption(cmd, values, 'max-units', 0, { min: 1, integer: true }),
      keyName: values['key-name'],
      assets: uploads,
      steps,
      tags: { 'trendoff:run': id },
    });
  } catch (err) {
    if (err instanceof spec.ClusterSpecError) throw new InputError(err.message);
    throw err;
  }
  await out.write(
    [
      `cluster   ${report.clusterId} (${report.releaseLabel}, run ${id})`,
      `cost      $${report.hourly.low.toFixed(2)}–$${report.hourly.high.toFixed(2)} per hour (EC2 + EMR, estimated)`,
      `console   ${report.consoleUrl}`,
      `logs      ${report.logsUri}`,
      ...(steps.length > 0 ? [`output    ${spec.s3Uri(assets.bucket, prefix, 'out', 'aggregates')}/`] : []),
    ].join('\n') + '\n',
  );
  return 0;
}

async function runStatus(argv: string[], io: Io, out: BackpressureWriter): Promise<number> {
  const { values } = parseCommandArgs('cluster status', argv, {
    cluster: { type: 'string' },
    region: { type: 'string' },
  });
  const id = requireString('cluster status', values, 'cluster');
  const r = region(values, io.env);
  const { clusterStatus } = await import('../ops/emr/cluster-ops');
  const s = await clusterStatus(await clients(r), r, id, Date.now());
  const lines = [
    `cluster   ${s.clusterId} ${s.name}: ${s.state}${s.stateReason ? ` (${s.stateReason})` : ''}`,
    `spend     $${s.spendUsd.toFixed(2)} so far, ${s.instances} instance(s) (EC2 + EMR at today's prices)`,
    `console   ${s.consoleUrl}`,
    `steps     ${s.steps.length === 0 ? 'none' : ''}`,
    ...s.steps.map(
      (st) => `  ${st.id}  ${st.state.padEnd(11)} ${st.name}${st.reason ? ` — ${st.reason}` : ''}`,
    ),
  ];
  await out.write(lines.join('\n') + '\n');
  return 0;
}

async function runDown(argv: string[], io: Io, out: BackpressureWriter): Promise<number> {
  const { values } = parseCommandArgs('cluster down', argv, {
    cluster: { type: 'string' },
    region: { type: 'string' },
  });
  const id = requireString('cluster down', values, 'cluster');
  const r = region(values, io.env);
  const { clusterDown } = await import('../ops/emr/cluster-ops');
  await clusterDown((await clients(r)).emr, id);
  await out.write(`cluster   ${id}: terminating\n`);
  return 0;
}

async function runLoad(argv: string[], io: Io, out: BackpressureWriter): Promise<number> {
  const cmd = 'cluster load';
  const { values } = parseCommandArgs(cmd, argv, {
    from: { type: 'string' },
    debate: { type: 'string' },
    run: { type: 'string' },
    table: { type: 'string' },
    as: { type: 'string' },
    lexicon: { type: 'string' },
    'bucket-ms': { type: 'string' },
    region: { type: 'string' },
  });
  const from = s3Location('from', requireString(cmd, values, 'from'));
  const config = loadDebateConfig(requireString(cmd, values, 'debate'));
  const run = requireString(cmd, values, 'run');
  const r = region(values, io.env);
  const [{ dynamoClient, s3Client }, { DynamoAggregateStore }, load] = await Promise.all([
    import('../../lambda/adapters/aws-clients'),
    import('../../lambda/adapters/dynamo-aggregate-store'),
    import('../ops/emr/load-aggregates'),
  ]);
  const s3 = s3Client({ region: r });
  const dynamo = dynamoClient({ region: r });
  try {
    const report = await load.loadAggregates(
      load.s3Lines(s3, from.bucket, from.prefix ? `${from.prefix}/` : ''),
      {
        store: new DynamoAggregateStore({ client: dynamo, tableName: requireString(cmd, values, 'table') }),
        config,
        runId: run,
        asDebateId: values.as,
        bucketMs: numberOption(cmd, values, 'bucket-ms', 5000, { min: 1000, integer: true }),
        scorer: choiceOption<ScorerName>(cmd, values, 'lexicon', SCORER_NAMES, 'vader'),
      },
    );
    await out.write(
      `loaded    ${report.buckets} bucket(s) of ${report.debateId} as shard ${report.shardId}: ` +
        `${report.itemsWritten} written, ${report.itemsSkipped} already there\n`,
    );
  } finally {
    s3.destroy();
    dynamo.destroy();
  }
  return 0;
}
