/**
 * The deployment's Kafka topic: a CloudFormation custom resource (behind the CDK provider
 * framework) that creates the posts topic on the MSK cluster with its partitions and retention,
 * adds partitions when the setting grows and sets the retention when it changes. Partitions are
 * never removed (Kafka cannot), so a smaller setting fails the deployment with the reason. On
 * delete the topic is left to the cluster, which the same deployment removes.
 * Runs inside the cluster's VPC and signs in with the function's role (MSK IAM auth).
 */
import type { Admin } from 'kafkajs';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createKafka } from '../adapters/kafka-client';
import { mskIamTokenProvider } from '../adapters/msk-iam-auth';

/** The custom resource's properties (strings: CloudFormation passes every value as one). */
export interface TopicProperties {
  readonly Brokers: string;
  readonly Topic: string;
  readonly Partitions: string;
  readonly RetentionMs: string;
}

export interface TopicState {
  readonly partitions: number;
}

/** What to do to make the topic as asked. */
export type TopicPlan =
  | { readonly kind: 'create'; readonly partitions: number; readonly retentionMs: number }
  | { readonly kind: 'update'; readonly addPartitionsTo?: number; readonly retentionMs: number };

/** Thrown when the topic cannot be made as asked; the message is what CloudFormation shows. */
export class TopicSettingError extends Error {
  override name = 'TopicSettingError';
}

/** The settings of the custom resource's properties. @throws TopicSettingError naming the bad one. */
export function topicSettings(p: TopicProperties): {
  brokers: string[];
  topic: string;
  partitions: number;
  retentionMs: number;
} {
  const brokers = p.Brokers.split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  if (brokers.length === 0) throw new TopicSettingError('Brokers is empty: the cluster has no IAM brokers');
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(p.Topic))
    throw new TopicSettingError(`Topic "${p.Topic}" is not a Kafka topic name`);
  const partitions = Number(p.Partitions);
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new TopicSettingError(`Partitions must be a whole number ≥ 1, got "${p.Partitions}"`);
  const retentionMs = Number(p.RetentionMs);
  if (!Number.isInteger(retentionMs) || retentionMs < 60_000)
    throw new TopicSettingError(`RetentionMs must be whole milliseconds ≥ 60000, got "${p.RetentionMs}"`);
  return { brokers, topic: p.Topic, partitions, retentionMs };
}

/** Create the topic, or grow it: Kafka adds partitions but never removes them. */
export function planTopic(
  existing: TopicState | undefined,
  wanted: { topic: string; partitions: number; retentionMs: number },
): TopicPlan {
  if (existing === undefined)
    return { kind: 'create', partitions: wanted.partitions, retentionMs: wanted.retentionMs };
  if (wanted.partitions < existing.partitions)
    throw new TopicSettingError(
      `topic ${wanted.topic} has ${existing.partitions} partitions and Kafka cannot remove any; ` +
        `deploy with shards=${existing.partitions} or more (or destroy the stack to start afresh)`,
    );
  return {
    kind: 'update',
    retentionMs: wanted.retentionMs,
    ...(wanted.partitions > existing.partitions ? { addPartitionsTo: wanted.partitions } : {}),
  };
}

async function existingTopic(admin: Admin, topic: string): Promise<TopicState | undefined> {
  const topics = await admin.listTopics();
  if (!topics.includes(topic)) return undefined;
  const meta = await admin.fetchTopicMetadata({ topics: [topic] });
  return { partitions: meta.topics[0]?.partitions.length ?? 0 };
}

async function applyPlan(admin: Admin, topic: string, plan: TopicPlan): Promise<void> {
  const retention = [{ name: 'retention.ms', value: String(plan.retentionMs) }];
  if (plan.kind === 'create') {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: plan.partitions, configEntries: retention }],
    });
    return;
  }
  if (plan.addPartitionsTo !== undefined)
    await admin.createPartitions({ topicPartitions: [{ topic, count: plan.addPartitionsTo }] });
  // ConfigResourceTypes.TOPIC is 2 (kafkajs's enum is a const enum in its types).
  await admin.alterConfigs({
    validateOnly: false,
    resources: [{ type: 2, name: topic, configEntries: retention }],
  });
}

/** The provider framework's onEvent handler: the topic's name is its physical id. */
export const handler = async (
  event: CloudFormationCustomResourceEvent,
): Promise<{ PhysicalResourceId: string; Data: { Topic: string } }> => {
  const props = event.ResourceProperties as unknown as TopicProperties;
  if (event.RequestType === 'Delete')
    return { PhysicalResourceId: event.PhysicalResourceId, Data: { Topic: props.Topic } };
  const settings = topicSettings(props);
  const kafka = createKafka({
    brokers: settings.brokers,
    clientId: 'trendoff-topics',
    auth: 'iam',
    oauthBearerProvider: mskIamTokenProvider({ region: process.env.AWS_REGION ?? '' }),
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const plan = planTopic(await existingTopic(admin, settings.topic), settings);
    await applyPlan(admin, settings.topic, plan);
  } finally {
    await admin.disconnect();
  }
  return { PhysicalResourceId: settings.topic, Data: { Topic: settings.topic } };
};
