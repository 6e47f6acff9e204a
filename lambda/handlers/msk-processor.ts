/**
 * The stream processor behind the Lambda MSK event source: the processor of the Kinesis path and
 * the workers (./processor.ts, `createBatchProcessor`), fed one partition at a time. The MSK event
 * source has no partial batch response (that needs provisioned pollers), so if any partition could
 * not be stored the invocation fails and the whole event is delivered again; the partitions
 * already stored skip it by their watermarks. Its environment: ./env/processor-env.ts.
 */
import type { MSKEvent } from 'aws-lambda';
import {
  createBatchProcessor,
  processorDepsFromEnv,
  type BatchProcessor,
  type ProcessorDeps,
} from './processor';
import { decodeMskEvent } from './msk-event';

/** Thrown to make the event source deliver the event again; names the partitions to retry. */
export class PartitionsNotStoredError extends Error {
  override name = 'PartitionsNotStoredError';
  constructor(readonly shardIds: readonly string[]) {
    super(`could not store partition(s) ${shardIds.join(', ')}; the event is delivered again`);
  }
}

export type MskProcessorHandler = (event: MSKEvent) => Promise<void>;

/** The MSK handler over the per-batch processor (one call per partition, in turn). */
export function mskProcessorOver(processBatch: BatchProcessor): MskProcessorHandler {
  return async (event) => {
    const failed: string[] = [];
    // In turn: the partitions of one topic write the same aggregate items.
    for (const batch of decodeMskEvent(event)) {
      if (batch.lines.length > 0 && !(await processBatch(batch))) failed.push(batch.shardId);
    }
    if (failed.length > 0) throw new PartitionsNotStoredError(failed);
  };
}

export function createMskProcessor(deps: ProcessorDeps): MskProcessorHandler {
  return mskProcessorOver(createBatchProcessor(deps));
}

let fromEnvironment: MskProcessorHandler | undefined;

/** Lambda entry: adapters and clients are built on the first invocation and reused by the container. */
export const handler: MskProcessorHandler = (event) => {
  fromEnvironment ??= createMskProcessor(processorDepsFromEnv(process.env));
  return fromEnvironment(event);
};
