/**
 * The stream processor behind the Lambda MSK event source: the same processor as the Kinesis path
 * (./processor.ts), fed one partition at a time. The MSK event source has no partial batch response
 * (that needs provisioned pollers), so if any partition could not be stored the invocation fails
 * and the whole event is delivered again; the partitions already stored skip it by their
 * watermarks. Its environment: ./env/processor-env.ts, as the Kinesis processor's.
 */
import type { MSKEvent } from 'aws-lambda';
import {
  createProcessor,
  processorDepsFromEnv,
  type ProcessorDeps,
  type ProcessorHandler,
} from './processor';
import { decodeMskEvent, shardEventOf } from './msk-event';

/** Thrown to make the event source deliver the event again; names the partitions to retry. */
export class PartitionsNotStoredError extends Error {
  override name = 'PartitionsNotStoredError';
  constructor(readonly shardIds: readonly string[]) {
    super(`could not store partition(s) ${shardIds.join(', ')}; the event is delivered again`);
  }
}

export type MskProcessorHandler = (event: MSKEvent) => Promise<void>;

/** The MSK handler over the Kinesis-shaped processor `process` (one call per partition, in turn). */
export function mskProcessorOver(process: ProcessorHandler): MskProcessorHandler {
  return async (event) => {
    const failed: string[] = [];
    // In turn: partitions of one topic write the same aggregate items.
    for (const batch of decodeMskEvent(event)) {
      const result = await process(shardEventOf(batch, event.eventSourceArn));
      if (result.batchItemFailures.length > 0) failed.push(batch.shardId);
    }
    if (failed.length > 0) throw new PartitionsNotStoredError(failed);
  };
}

export function createMskProcessor(deps: ProcessorDeps): MskProcessorHandler {
  return mskProcessorOver(createProcessor(deps));
}

let fromEnvironment: MskProcessorHandler | undefined;

/** Lambda entry: adapters and clients are built on the first invocation and reused by the container. */
export const handler: MskProcessorHandler = (event) => {
  fromEnvironment ??= createMskProcessor(processorDepsFromEnv(process.env));
  return fromEnvironment(event);
};
