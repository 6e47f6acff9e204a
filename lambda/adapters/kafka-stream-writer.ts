/**
 * StreamWriter on Kafka (kafkajs): each record a message keyed by its partition key (the post id),
 * so every copy of a post lands on one partition as on one Kinesis shard; GZIP-compressed batches;
 * all in-sync replicas acknowledge (acks -1); idempotent only when asked (Amazon MSK supports it;
 * the local mock broker refuses it). One send at a time, so a key's records keep their order.
 * kafkajs retries a failed request with backoff; a send that still fails fails the write with a
 * StreamWriteError saying how many records were written before it.
 */
import { CompressionTypes, Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { StreamRecord, StreamWriter, WriteReport } from '../core/ports';
import { checkedRecord, MAX_RECORD_BYTES, sizedRuns, StreamWriteError } from './kinesis-stream-writer';

/** Messages per produce request. */
export const MAX_MESSAGES_PER_SEND = 1000;
/** Bytes of values and keys per produce request, before compression (well under brokers' limits). */
export const MAX_BYTES_PER_SEND = 4 * 1024 * 1024;

export interface KafkaStreamWriterOptions {
  /** The client (only its producer factory is used). */
  readonly kafka: Pick<Kafka, 'producer'>;
  readonly topic: string;
  /** Ask for an idempotent producer (no duplicates from the producer's own retries). @default false */
  readonly idempotent?: boolean;
}

export class KafkaStreamWriter implements StreamWriter {
  /**
   * The same bound as Kinesis (1 MiB of data and key), so a record is quarantined for its size on
   * both paths alike, and MSK's default message size (1 MB) holds it after compression.
   */
  readonly maxRecordBytes = MAX_RECORD_BYTES;
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;

  constructor(private readonly options: KafkaStreamWriterOptions) {
    if (options.topic === '') throw new TypeError('topic must not be empty');
    const idempotent = options.idempotent ?? false;
    this.producer = options.kafka.producer({
      // kafkajs's default since 2.0 (Java-compatible murmur2), named so it does not warn about it.
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent,
      // An idempotent producer needs one request in flight per broker to keep its order.
      ...(idempotent ? { maxInFlightRequests: 1 } : {}),
      allowAutoTopicCreation: false,
    });
  }

  /**
   * Writes every record; resolves once the brokers hold them all.
   * @throws RangeError before sending anything if a record breaks a per-record limit.
   * @throws StreamWriteError if a send still fails after kafkajs's retries.
   */
  async write(records: readonly StreamRecord[]): Promise<WriteReport> {
    const messages = records.map(toMessage);
    let written = 0;
    for (const batch of sizedRuns(messages, MAX_MESSAGES_PER_SEND, MAX_BYTES_PER_SEND)) {
      try {
        this.connected ??= this.producer.connect().catch((err: unknown) => {
          this.connected = undefined;
          throw err;
        });
        await this.connected;
        await this.producer.send({
          topic: this.options.topic,
          messages: batch.map((m) => m.message),
          compression: CompressionTypes.GZIP,
          acks: -1,
        });
      } catch (err) {
        const code = err instanceof Error ? err.name : 'UnknownError';
        throw new StreamWriteError(
          `${batch.length} record(s) could not be written to topic "${this.options.topic}" ` +
            `(${code}: ${(err as Error).message}); ${written} record(s) were written`,
          batch.length,
          written,
          code,
        );
      }
      written += batch.length;
    }
    return { written, retried: 0 };
  }

  /** Disconnects the producer (waits for nothing: every write has resolved or failed). */
  async close(): Promise<void> {
    if (this.connected === undefined) return;
    this.connected = undefined;
    await this.producer.disconnect();
  }
}

interface Entry {
  readonly message: Message;
  readonly size: number;
}

function toMessage(r: StreamRecord, index: number): Entry {
  const { data, size } = checkedRecord(r, index);
  return { message: { key: r.partitionKey, value: data }, size };
}
