/**
 * Splits the filtered stream's bytes into lines as they arrive (push, not pull: every byte the socket
 * delivered is handled before a drop is reported, so nothing received is lost in a read buffer).
 * Keep-alives (`\r\n`) give empty lines, which are skipped. A line longer than `maxBytes` is not
 * buffered but reported by size, and splitting resumes at the next newline; a partial line left when
 * the connection ends is discarded by {@link LineSplitter.reset} (it was never a whole post).
 */
export const DEFAULT_MAX_STREAM_LINE_BYTES = 1024 * 1024;

export interface SplitResult {
  readonly lines: string[];
  /** Sizes of lines dropped for being longer than the limit. */
  readonly overlong: number[];
}

export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private overlong = false;

  constructor(private readonly maxBytes: number = DEFAULT_MAX_STREAM_LINE_BYTES) {}

  push(chunk: Buffer): SplitResult {
    const lines: string[] = [];
    const overlong: number[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      const tail = chunk.subarray(start, nl);
      const bytes = this.pendingBytes + tail.length;
      if (this.overlong || bytes > this.maxBytes) overlong.push(bytes);
      else {
        let buf = this.pending.length === 0 ? tail : Buffer.concat([...this.pending, tail], bytes);
        if (buf.length > 0 && buf[buf.length - 1] === 13) buf = buf.subarray(0, buf.length - 1);
        if (buf.length > 0) lines.push(buf.toString('utf8'));
      }
      this.reset();
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0) {
      this.pendingBytes += rest.length;
      if (this.overlong || this.pendingBytes > this.maxBytes) {
        this.overlong = true; // keep counting, stop keeping
        this.pending = [];
      } else this.pending.push(Buffer.from(rest));
    }
    return { lines, overlong };
  }

  /** Bytes of an unfinished line held back. */
  get pendingLength(): number {
    return this.pendingBytes;
  }

  /** Forgets an unfinished line (the connection ended mid-line). */
  reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.overlong = false;
  }
}
