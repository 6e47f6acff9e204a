import { Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { AppConfig } from '../config/app-config';
import { StatefulStack } from './stateful-stack';

/** Stack ids; part of the deployed contract (CloudFormation stack names derive from them). */
export const STATEFUL_STACK_ID = 'TrendoffStateful';

/** The stacks of the cloud app. */
export interface TrendoffStacks {
  readonly stateful: StatefulStack;
}

/**
 * Adds the trendoff stacks to `app` from a validated config, and the cdk-nag AwsSolutions pack
 * as a validation plugin, so synthesis fails on any unacknowledged finding.
 */
export function addTrendoffStacks(app: App, config: AppConfig): TrendoffStacks {
  // Environment-agnostic on purpose: synth needs no credentials and does no lookups.
  const stateful = new StatefulStack(app, STATEFUL_STACK_ID, {
    ...(config.shards !== undefined ? { shards: config.shards } : {}),
  });
  Tags.of(app).add('project', 'trendoff');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful };
}
