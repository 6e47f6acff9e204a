import { startPoller } from '../../web/src/poller';

describe('poller', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Lets resolved promises run their continuations. */
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  test('GIVEN a task WHEN started THEN it runs at once and again one interval after each run ends', async () => {
    // GIVEN
    let runs = 0;
    // WHEN
    const poller = startPoller(async () => void runs++, { intervalMs: 2000 });
    await settle();
    // THEN
    expect(runs).toBe(1);
    await jest.advanceTimersByTimeAsync(1999);
    expect(runs).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toBe(2);
    poller.stop();
  });

  test('GIVEN a slow task WHEN the interval passes THEN runs never overlap', async () => {
    // GIVEN a task that takes 5 s, polled every 1 s
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const poller = startPoller(
      async () => {
        runs++;
        maxActive = Math.max(maxActive, ++active);
        await new Promise((r) => setTimeout(r, 5000));
        active--;
      },
      { intervalMs: 1000 },
    );
    // WHEN
    await jest.advanceTimersByTimeAsync(12_000);
    poller.stop();
    // THEN runs start at 0, 6 and 12 s: one at a time, an interval apart
    expect(maxActive).toBe(1);
    expect(runs).toBe(3);
  });

  test('GIVEN a failing task WHEN polling THEN each failure is reported and the task is retried', async () => {
    // GIVEN
    const errors: unknown[] = [];
    let successes = 0;
    let runs = 0;
    const poller = startPoller(
      async () => {
        if (++runs <= 2) throw new Error(`down ${runs}`);
      },
      { intervalMs: 2000, onError: (e) => errors.push(e), onSuccess: () => successes++ },
    );
    // WHEN
    await jest.advanceTimersByTimeAsync(4000);
    poller.stop();
    // THEN
    expect(errors.map((e) => (e as Error).message)).toEqual(['down 1', 'down 2']);
    expect(successes).toBe(1);
  });

  test('GIVEN a paused poller WHEN ticks pass THEN the task is skipped until it is unpaused', async () => {
    // GIVEN
    let paused = true;
    let runs = 0;
    const poller = startPoller(async () => void runs++, { intervalMs: 1000, paused: () => paused });
    // WHEN
    await jest.advanceTimersByTimeAsync(3000);
    const whilePaused = runs;
    paused = false;
    await jest.advanceTimersByTimeAsync(1000);
    poller.stop();
    // THEN
    expect(whilePaused).toBe(0);
    expect(runs).toBe(1);
  });

  test('GIVEN a waiting poller WHEN poked THEN it runs at once; WHEN stopped THEN it never runs again', async () => {
    // GIVEN
    let runs = 0;
    const poller = startPoller(async () => void runs++, { intervalMs: 60_000 });
    await settle();
    // WHEN
    poller.poke();
    await settle();
    const afterPoke = runs;
    poller.stop();
    await jest.advanceTimersByTimeAsync(300_000);
    // THEN
    expect(afterPoke).toBe(2);
    expect(runs).toBe(2);
  });
});
