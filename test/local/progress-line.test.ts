import { Writable } from 'stream';
import { FILE_EVERY_MS, ProgressLine, type ProgressCounts } from '../../lib/local/progress-line';

class Counts implements ProgressCounts {
  sent = 0;
  handled = 0;
  rejected = 0;
  lag: number | null = null;
  latestLag(): number | null {
    return this.lag;
  }
}

/** A stream that keeps what is written, synchronously (the timers here are fake). */
function capture(tty: boolean): { out: Writable; lines: () => string[] } {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  if (tty) Object.assign(out, { isTTY: true });
  return { out, lines: () => text.split('\n').filter((l) => l !== '') };
}

describe('ProgressLine', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('GIVEN stderr is a file WHEN nothing changes between refreshes THEN no line is repeated', () => {
    // GIVEN
    const counts = new Counts();
    const { out, lines } = capture(false);
    const line = new ProgressLine(out, counts);
    // WHEN work is done, then nothing happens for a minute
    counts.sent = 100;
    counts.handled = 100;
    counts.lag = 240;
    jest.advanceTimersByTime(FILE_EVERY_MS);
    jest.advanceTimersByTime(12 * FILE_EVERY_MS);
    counts.sent = 150;
    jest.advanceTimersByTime(FILE_EVERY_MS);
    line.stop();
    // THEN one line per change
    expect(lines()).toEqual([
      expect.stringMatching(/^in 100 · processed 100 · processing lag 240 ms · rejected 0 · \d+\/s$/),
      expect.stringMatching(/^in 150 · processed 100 · /),
    ]);
  });

  test('GIVEN the source reports its state WHEN it changes THEN the line shows it at once, named', () => {
    const counts = new Counts();
    const { out, lines } = capture(false);
    const line = new ProgressLine(out, counts);
    line.source('X: connecting to api.x.com');
    line.source('X: connecting to api.x.com');
    line.source('X: stalled (no data for 21000 ms), reconnecting in 0 s');
    line.stop();
    expect(lines()).toEqual([
      'in 0 · processed 0 · processing lag – · rejected 0 · X: connecting to api.x.com · 0/s',
      'in 0 · processed 0 · processing lag – · rejected 0 · X: stalled (no data for 21000 ms), reconnecting in 0 s · 0/s',
    ]);
  });

  test('GIVEN a terminal WHEN a note is written THEN it takes its own line and the status line follows', () => {
    const counts = new Counts();
    const { out, lines } = capture(true);
    const line = new ProgressLine(out, counts);
    line.note('trendoff local: the source has ended');
    line.stop();
    expect(lines()).toEqual([
      '\r\x1b[2Ktrendoff local: the source has ended',
      '\r\x1b[2Kin 0 · processed 0 · processing lag – · rejected 0 · 0/s',
    ]);
  });
});
