/**
 * A source line as a stream record that the stream will take: one too big for it (a replay line of
 * multi-byte characters just under the line limit, plus its partition key) goes on as a quarantine
 * envelope with the reason instead, so the record is counted as one rejection and the run goes on.
 */
import type { StreamRecord } from '../core/ports';
import { quarantineLine, type SourceLine } from '../io/post-file';

export function streamRecordOf(s: SourceLine, maxRecordBytes: number): StreamRecord {
  const record = { partitionKey: s.key, data: s.line, ...(s.id !== undefined ? { id: s.id } : {}) };
  // Cheap bound first: a UTF-16 code unit takes at most 3 bytes in UTF-8.
  if ((s.line.length + s.key.length) * 3 <= maxRecordBytes) return record;
  const bytes = Buffer.byteLength(s.line, 'utf8') + Buffer.byteLength(s.key, 'utf8');
  if (bytes <= maxRecordBytes) return record;
  return {
    partitionKey: s.key,
    data: quarantineLine(
      `record of ${bytes} bytes (post and partition key) is over the stream's limit of ${maxRecordBytes} bytes`,
      s.line,
    ),
  };
}
