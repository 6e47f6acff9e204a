/**
 * `backfill_minutes` on the loopback X test server: asked on reconnects only (the minutes missed,
 * rounded up, at most the setting), never on a first connection, never when off.
 */
import { pumpLive } from '../../lambda/x/live-pump';
import { xStreamSource } from '../../lambda/x/stream-source';
import { backfillMinutesFor, parseBackfillMinutes } from '../../lambda/x/x-settings';
import { XTestServer, v2Post, type ConnectionPlan } from './support/x-test-server';

const TOKEN = 'backfill-token';

/** The `backfill_minutes` each connection asked for (undefined: not asked), under a fake clock. */
async function backfillAsked(
  plans: ConnectionPlan[],
  total: number,
  o: { backfillMinutes?: number; resumeAfter?: number } = {},
): Promise<(string | undefined)[]> {
  const server = new XTestServer({ token: TOKEN, post: v2Post, total, plans });
  const apiUrl = await server.listen();
  let clock = 10_000_000;
  const stop = new AbortController();
  let seen = 0;
  try {
    await pumpLive(
      xStreamSource({
        apiUrl,
        bearerToken: TOKEN,
        signal: stop.signal,
        stallMs: 300,
        now: () => clock,
        // Each reconnect wait passes on the fake clock only.
        sleep: async (ms) => {
          clock += ms;
        },
        ...(o.backfillMinutes !== undefined ? { backfillMinutes: o.backfillMinutes } : {}),
        ...(o.resumeAfter !== undefined ? { resumeAfter: o.resumeAfter } : {}),
      }),
      {
        maxRecordBytes: 1024 * 1024,
        write: async (records) => {
          seen += records.length;
          if (seen >= total) stop.abort();
          return { written: records.length, retried: 0 };
        },
      },
      { signal: stop.signal },
    );
  } finally {
    await server.close();
  }
  return server.paths
    .filter((p) => p.startsWith('/2/tweets/search/stream?'))
    .map((p) => new URL(p, 'http://x').searchParams.get('backfill_minutes') ?? undefined);
}

describe('backfill_minutes', () => {
  // A clean drop (reconnect at once), then four 503s (waits of 5, 10, 20 and 40 s), then posts.
  const dropThenErrors = (): ConnectionPlan[] => [
    { send: 50, then: 'end' },
    { status: 503 },
    { status: 503 },
    { status: 503 },
    { status: 503 },
    { then: 'hold' },
  ];

  test('GIVEN backfill on (5) WHEN the stream drops and reconnects THEN each reconnect asks the minutes missed, rounded up, and the first connection nothing', async () => {
    const asked = await backfillAsked(dropThenErrors(), 100, { backfillMinutes: 5 });
    // missed: 0 s, 5 s, 15 s, 35 s, then 75 s → 2 minutes
    expect(asked).toEqual([undefined, '1', '1', '1', '1', '2']);
  });

  test('GIVEN backfill capped at 1 WHEN more than a minute was missed THEN 1 is asked', async () => {
    const asked = await backfillAsked(dropThenErrors(), 100, { backfillMinutes: 1 });
    expect(asked).toEqual([undefined, '1', '1', '1', '1', '1']);
  });

  test('GIVEN backfill off (the default) WHEN the stream reconnects THEN no connection asks for it', async () => {
    const asked = await backfillAsked(dropThenErrors(), 100);
    expect(asked).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  test('GIVEN a first connection refused WHEN it is retried THEN nothing is asked: nothing was streamed yet', async () => {
    const asked = await backfillAsked([{ status: 503 }, { then: 'hold' }], 10, { backfillMinutes: 5 });
    expect(asked).toEqual([undefined, undefined]);
  });

  test('GIVEN a hand-over from a run that last streamed 3.5 minutes ago WHEN the new run connects THEN it asks for 4 minutes', async () => {
    const asked = await backfillAsked([{ then: 'hold' }], 10, {
      backfillMinutes: 5,
      resumeAfter: 10_000_000 - 210_000,
    });
    expect(asked).toEqual(['4']);
  });
});

describe('backfill settings', () => {
  test('GIVEN the setting as text WHEN parsed THEN 0-5 whole minutes are accepted, unset is off', () => {
    expect(parseBackfillMinutes(undefined, 'X')).toBe(0);
    expect(parseBackfillMinutes('', 'X')).toBe(0);
    expect(parseBackfillMinutes('0', 'X')).toBe(0);
    expect(parseBackfillMinutes('5', 'X')).toBe(5);
  });

  test.each(['6', '-1', '2.5', 'five'])('fails if the setting is %p, naming where it came from', (raw) => {
    expect(() => parseBackfillMinutes(raw, '--backfill-minutes')).toThrow(
      `--backfill-minutes must be a whole number of minutes from 0 (off) to 5, got "${raw}"`,
    );
  });

  test('GIVEN time missed WHEN converted THEN minutes rounded up, at least 1, at most the setting; 0 when off', () => {
    expect(backfillMinutesFor(5, 0)).toBe(1);
    expect(backfillMinutesFor(5, 60_000)).toBe(1);
    expect(backfillMinutesFor(5, 60_001)).toBe(2);
    expect(backfillMinutesFor(5, 3_600_000)).toBe(5);
    expect(backfillMinutesFor(0, 120_000)).toBe(0);
  });
});
