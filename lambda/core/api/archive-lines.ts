/**
 * Reading archive objects line by line: gzip JSON Lines (or plain JSON Lines), decompressed with the
 * web-standard `DecompressionStream` (Node ≥ 18, browsers) so the core needs no Node module, and
 * streamed so a caller can stop at a byte budget before a large or hostile object is fully inflated.
 */

/** True when `body` starts with the gzip magic number. */
export function isGzip(body: Uint8Array): boolean {
  return body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
}

/**
 * The non-empty lines of an archive object, in order, without line terminators. `onBytes` hears of
 * every decompressed chunk before its lines are yielded, and may throw to stop reading.
 */
export async function* archiveLines(
  body: Uint8Array,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncGenerator<string, void, undefined> {
  let stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(body);
      controller.close();
    },
  });
  if (isGzip(body)) stream = stream.pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onBytes(value.byteLength);
      pending += decoder.decode(value, { stream: true });
      let start = 0;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
        const line = trimEnd(pending.slice(start, nl));
        if (line !== '') yield line;
        start = nl + 1;
      }
      pending = pending.slice(start);
    }
    const last = trimEnd(pending + decoder.decode());
    if (last !== '') yield last;
  } finally {
    // Stopping early (budget exceeded, consumer broke out) must not leave the inflater running.
    await reader.cancel().catch(() => undefined);
  }
}

function trimEnd(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
