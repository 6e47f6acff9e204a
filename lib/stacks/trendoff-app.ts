import { execFileSync } from 'child_process';
import * as path from 'path';
import { Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { AppConfig } from '../config/app-config';
import { ApiStack } from './api-stack';
import { IngestStack } from './ingest-stack';
import { MonitoringStack } from './monitoring-stack';
import { ProcessingStack } from './processing-stack';
import { StatefulStack } from './stateful-stack';
import { packageRoot } from '../io/package-root';
import { KafkaArchiveConsumer } from '../constructs/kafka-archive-consumer';
import { MskProcessor } from '../constructs/msk-processor';
import { StreamProcessor } from '../constructs/stream-processor';

/** Stack ids; part of the deployed contract (CloudFormation stack names derive from them). */
export const STATEFUL_STACK_ID = 'TrendoffStateful';
export const INGEST_STACK_ID = 'TrendoffIngest';
export const PROCESSING_STACK_ID = 'TrendoffProcessing';
export const API_STACK_ID = 'TrendoffApi';
export const MONITORING_STACK_ID = 'TrendoffMonitoring';

/** The stacks of the cloud app. */
export interface TrendoffStacks {
  readonly stateful: StatefulStack;
  readonly ingest: IngestStack;
  readonly processing: ProcessingStack;
  readonly api: ApiStack;
  readonly monitoring: MonitoringStack;
}

const ROOT = packageRoot();

/**
 * Builds the dashboard with scripts/build-web.js into `outDir`, synchronously (synthesis is),
 * in a child process because the build is asynchronous.
 */
export function buildDashboard(outDir: string): string {
  const script =
    'require(process.argv[1]).buildWeb({ outDir: process.argv[2] })' +
    '.catch((e) => { process.stderr.write(String(e && e.message || e) + "\\n"); process.exit(1); })';
  execFileSync(process.execPath, ['-e', script, path.join(ROOT, 'scripts', 'build-web.js'), outDir], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return outDir;
}

/**
 * Adds the trendoff stacks to `app` from a validated config, and the cdk-nag AwsSolutions pack
 * as a validation plugin, so synthesis fails on any unacknowledged finding. The dashboard is
 * built into the app's output directory.
 */
export function addTrendoffStacks(app: App, config: AppConfig): TrendoffStacks {
  if (config.source === 'replay' && config.replayUri === undefined)
    throw new Error('source=replay needs replayUri');

  // Environment-agnostic on purpose: synth needs no credentials and does no lookups.
  const stateful = new StatefulStack(app, STATEFUL_STACK_ID, {
    ...(config.shards !== undefined ? { shards: config.shards } : {}),
    ...(config.kafka !== undefined
      ? {
          kafka: {
            kind: config.kafka.cluster,
            partitions: config.kafka.partitions,
            ...(config.kafka.brokerType !== undefined ? { brokerType: config.kafka.brokerType } : {}),
          },
        }
      : {}),
    ...(config.aggregatesTable !== undefined ? { existingTableName: config.aggregatesTable } : {}),
  });
  const data = {
    ...(stateful.stream !== undefined ? { stream: stateful.stream } : {}),
    ...(stateful.kafka !== undefined ? { kafka: stateful.kafka } : {}),
    archiveBucket: stateful.archiveBucket,
  };

  const ingest = new IngestStack(app, INGEST_STACK_ID, {
    ...data,
    table: stateful.table,
    bearerToken: stateful.bearerToken,
    debate: config.debate,
    source:
      config.source === 'x' || config.replayUri === undefined
        ? { kind: 'x', backfillMinutes: config.backfillMinutes }
        : {
            kind: 'replay',
            uri: config.replayUri,
            speed: config.replaySpeed,
            format: config.replayFormat,
            ...(config.replayStart !== undefined ? { start: config.replayStart } : {}),
          },
  });
  const processing = new ProcessingStack(app, PROCESSING_STACK_ID, {
    ...data,
    table: stateful.table,
    debate: config.debate,
    parallelizationFactor: config.parallelizationFactor,
    ...(config.workers !== undefined ? { workers: config.workers } : {}),
  });
  const api = new ApiStack(app, API_STACK_ID, {
    table: stateful.table,
    archiveBucket: stateful.archiveBucket,
    siteDir: buildDashboard(path.join(app.outdir, 'dashboard-site')),
    ...(config.dashboardDomain !== undefined ? { dashboardDomain: config.dashboardDomain } : {}),
  });
  const processor = processing.processor;
  const archive = ingest.archiveDelivery instanceof KafkaArchiveConsumer ? ingest.archiveDelivery : undefined;
  const monitoring = new MonitoringStack(app, MONITORING_STACK_ID, {
    ...(stateful.stream !== undefined ? { stream: stateful.stream } : {}),
    ...(stateful.kafka !== undefined
      ? {
          kafka: {
            incomingPerSecond: stateful.kafka.metricMessagesIn(),
            offsetLag:
              processor instanceof MskProcessor
                ? processor.metricOffsetLag()
                : processing.workers!.metricConsumerLag(),
          },
        }
      : {}),
    ...(processor instanceof StreamProcessor ? { processor: processor.function } : {}),
    functions: {
      Producer: ingest.producer.function,
      ...(processor !== undefined ? { Processor: processor.function } : {}),
      ...(archive !== undefined ? { Archive: archive.function } : {}),
      QueryApi: api.api.function,
    },
    httpApi: api.api.httpApi,
    failureQueues: {
      ...(processor !== undefined ? { Processor: processor.failureQueue } : {}),
      Producer: ingest.producer.failureQueue,
      ...(archive !== undefined ? { Archive: archive.failureQueue } : {}),
    },
    ...(config.alarmEmail !== undefined ? { alarmEmail: config.alarmEmail } : {}),
  });

  Tags.of(app).add('project', 'trendoff');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, ingest, processing, api, monitoring };
}
