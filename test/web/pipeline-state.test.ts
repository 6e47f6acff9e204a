import type { HealthResponse } from '../../lambda/core/api/contract';
import { LIVE_STALL_MS, stallMessage, STALL_MS } from '../../web/src/pipeline-state';

const NOW = Date.UTC(2026, 0, 1, 20, 30);
const iso = (ms: number): string => new Date(ms).toISOString();

function health(processedAt: number | null, pipeline?: HealthResponse['pipeline']): HealthResponse {
  return {
    status: 'ok',
    ...(pipeline !== undefined ? { pipeline } : {}),
    debates: [
      {
        id: 'd',
        newestPostAt: processedAt === null ? null : iso(processedAt - 500),
        processedAt: processedAt === null ? null : iso(processedAt),
        processingLagMs: processedAt === null ? null : 120,
      },
    ],
  };
}

/** A replayed debate of 2015: its schedule is long past. */
const PAST = { id: 'd', start: Date.UTC(2015, 8, 17), end: Date.UTC(2015, 8, 17, 3) };
const LIVE = { id: 'd', start: NOW - 3_600_000, end: NOW + 3_600_000 };

describe('stallMessage', () => {
  test('GIVEN local processing paused WHEN assessed THEN stalled at once, saying so and how many records wait', () => {
    const m = stallMessage(health(NOW - 1000, { state: 'paused', waiting: 1200 }), PAST, NOW);
    expect(m).toMatch(/^Pipeline stalled: processing is paused \(1,200 records waiting, last processed /);
  });

  test('GIVEN records waiting and nothing processed for longer than the stall time WHEN assessed THEN stalled', () => {
    const m = stallMessage(health(NOW - STALL_MS - 1, { state: 'running', waiting: 3 }), PAST, NOW);
    expect(m).toMatch(/^Pipeline stalled: 3 records waiting and last processed /);
  });

  test('GIVEN a replay that has ended (nothing waiting) WHEN long quiet THEN no alarm', () => {
    expect(
      stallMessage(health(NOW - 3_600_000, { state: 'running', waiting: 0 }), PAST, NOW),
    ).toBeUndefined();
    expect(stallMessage(health(NOW - 1000, { state: 'running', waiting: 50 }), PAST, NOW)).toBeUndefined();
  });

  test('GIVEN the cloud (no pipeline info) WHEN the scheduled debate is on and nothing processed for over a minute THEN stalled', () => {
    expect(stallMessage(health(NOW - LIVE_STALL_MS - 1000), LIVE, NOW)).toMatch(
      /^Pipeline stalled: nothing processed for 1 min 01 s during the scheduled debate/,
    );
    expect(stallMessage(health(NOW - 5000), LIVE, NOW)).toBeUndefined();
  });

  test('GIVEN the cloud WHEN the debate is past or not begun THEN a quiet pipeline is no alarm', () => {
    expect(stallMessage(health(NOW - 3_600_000), PAST, NOW)).toBeUndefined();
    expect(
      stallMessage(health(null), { id: 'd', start: NOW + 60_000, end: NOW + 120_000 }, NOW),
    ).toBeUndefined();
  });
});
