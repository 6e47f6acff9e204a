import type { Writable } from 'stream';

/**
 * Writes text to a stream and waits for 'drain' when the stream asks, so a fast producer piped into
 * a slow consumer uses bounded memory. A closed pipe (EPIPE, e.g. `| head`) ends the writer quietly.
 */
export class BackpressureWriter {
  private closed = false;
  private failure: Error | undefined;

  constructor(private readonly out: Writable) {
    out.on('error', (err: NodeJS.ErrnoException) => {
      this.closed = true;
      if (err.code !== 'EPIPE') this.failure = err;
    });
  }

  /** False once the reader has gone away; callers stop producing. */
  get open(): boolean {
    return !this.closed;
  }

  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.closed || text.length === 0) return;
    if (!this.out.write(text)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.out.off('drain', done);
          this.out.off('close', done);
          resolve();
        };
        this.out.on('drain', done);
        this.out.on('close', done);
      });
    }
  }
}
