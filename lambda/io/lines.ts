/**
 * Splits a byte stream into lines in constant memory: a line longer than `maxBytes` is not buffered
 * but reported as overlong (so one runaway record cannot exhaust memory), and reading resumes at the
 * next newline. Lines come in batches, one per input chunk, so per-line cost stays low.
 */
export type Line =
  { readonly no: number; readonly text: string } | { readonly no: number; readonly overlongBytes: number };

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

export async function* readLineBatches(
  input: AsyncIterable<Buffer | string>,
  maxBytes: number = DEFAULT_MAX_LINE_BYTES,
): AsyncGenerator<Line[]> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overlong = false;
  let no = 0;
  const finish = (batch: Line[], tail: Buffer): void => {
    no++;
    const bytes = pendingBytes + tail.length;
    if (overlong || bytes > maxBytes) {
      batch.push({ no, overlongBytes: bytes });
    } else {
      let buf = pending.length === 0 ? tail : Buffer.concat([...pending, tail], bytes);
      if (buf.length > 0 && buf[buf.length - 1] === 13) buf = buf.subarray(0, buf.length - 1);
      batch.push({ no, text: buf.toString('utf8') });
    }
    pending = [];
    pendingBytes = 0;
    overlong = false;
  };
  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const batch: Line[] = [];
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      finish(batch, buf.subarray(start, nl));
      start = nl + 1;
    }
    const rest = buf.subarray(start);
    if (rest.length > 0) {
      pendingBytes += rest.length;
      if (overlong || pendingBytes > maxBytes) {
        overlong = true; // keep counting, stop keeping
        pending = [];
      } else pending.push(Buffer.from(rest));
    }
    if (batch.length > 0) yield batch;
  }
  if (pendingBytes > 0 || overlong) {
    const batch: Line[] = [];
    finish(batch, Buffer.alloc(0));
    yield batch;
  }
}
