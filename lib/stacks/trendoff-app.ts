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
    ...(config.aggregatesTable !== undefined ? { existingTableName: config.aggregatesTable } : {}),
  });
  const data = { stream: stateful.stream, archiveBucket: stateful.archiveBucket };

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
  });
  const api = new ApiStack(app, API_STACK_ID, {
    table: stateful.table,
    archiveBucket: stateful.archiveBucket,
    siteDir: buildDashboard(path.join(app.outdir, 'dashboard-site')),
    ...(config.dashboardDomain !== undefined ? { dashboardDomain: config.dashboardDomain } : {}),
  });
  const monitoring = new MonitoringStack(app, MONITORING_STACK_ID, {
    stream: stateful.stream,
    processor: processing.processor.function,
    functions: {
      Producer: ingest.producer.function,
      Processor: processing.processor.function,
      QueryApi: api.api.function,
    },
    httpApi: api.api.httpApi,
    failureQueues: {
      Processor: processing.processor.failureQueue,
      Producer: ingest.producer.failureQueue,
    },
    ...(config.alarmEmail !== undefined ? { alarmEmail: config.alarmEmail } : {}),
  });

  Tags.of(app).add('project', 'trendoff');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, ingest, processing, api, monitoring };
}
