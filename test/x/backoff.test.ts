import { ReconnectPolicy } from '../../lambda/x/backoff';
import { LineSplitter } from '../../lambda/x/line-splitter';
import { classifyLine } from '../../lambda/x/payload';

describe('reconnect policy', () => {
  test('GIVEN repeated failures WHEN each kind is counted THEN the waits follow X`s documented schedules and caps', () => {
    // GIVEN
    const p = new ReconnectPolicy();
    // WHEN
    const network = Array.from({ length: 66 }, () => p.next('network'));
    const httpWaits = Array.from({ length: 8 }, () => p.next('http'));
    const rate = Array.from({ length: 6 }, () => p.next('rate-limit'));
    // THEN
    expect(network.slice(0, 4)).toEqual([250, 500, 750, 1000]);
    expect(network[63]).toBe(16_000);
    expect(network[65]).toBe(16_000);
    expect(httpWaits).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 320_000]);
    expect(rate).toEqual([60_000, 120_000, 240_000, 480_000, 900_000, 900_000]);
  });

  test('GIVEN a healthy connection WHEN the next failure comes THEN every schedule starts over', () => {
    // GIVEN
    const p = new ReconnectPolicy();
    for (const c of ['drop', 'stall', 'http', 'too-many-connections'] as const) p.next(c);
    // WHEN
    p.healthy();
    // THEN
    expect([p.next('operational-disconnect'), p.next('http'), p.next('rate-limit')]).toEqual([
      0, 5_000, 60_000,
    ]);
  });

  test('GIVEN a 200 that drops at once WHEN drops repeat THEN they escalate until a connection proves healthy', () => {
    // GIVEN
    const p = new ReconnectPolicy();
    // WHEN
    const waits = [p.next('drop'), (p.connected(), p.next('drop')), (p.connected(), p.next('drop'))];
    // THEN
    expect(waits).toEqual([0, 250, 500]);
  });
});

describe('stream line splitter', () => {
  test('GIVEN lines split across chunks with keep-alives WHEN pushed THEN whole lines come out and keep-alives are skipped', () => {
    // GIVEN
    const s = new LineSplitter(64);
    // WHEN
    const a = s.push(Buffer.from('{"a":1}\r\n\r\n{"b"'));
    const b = s.push(Buffer.from(':2}\r\n'));
    // THEN
    expect(a.lines).toEqual(['{"a":1}']);
    expect(b.lines).toEqual(['{"b":2}']);
  });

  test('rejects a line over the limit by size and resumes at the next newline', () => {
    // GIVEN
    const s = new LineSplitter(16);
    // WHEN
    const a = s.push(Buffer.from('x'.repeat(30)));
    const b = s.push(Buffer.from('y'.repeat(10) + '\n{"ok":1}\n'));
    // THEN
    expect(a).toEqual({ lines: [], overlong: [] });
    expect(b).toEqual({ lines: ['{"ok":1}'], overlong: [40] });
  });

  test('GIVEN a partial line WHEN the connection ends THEN reset forgets it', () => {
    // GIVEN
    const s = new LineSplitter();
    s.push(Buffer.from('{"data":{"id":"cut'));
    // WHEN
    s.reset();
    // THEN
    expect(s.push(Buffer.from('{"x":1}\n')).lines).toEqual(['{"x":1}']);
  });
});

describe('stream payload classification', () => {
  test('GIVEN posts and connection messages WHEN classified THEN posts are keyed by their id and messages named', () => {
    expect(classifyLine('{"data":{"id":"1","author_id":"42"}}', 0)).toEqual({
      kind: 'post',
      key: '1',
      id: '1',
    });
    expect(classifyLine('garbage', 5)).toEqual({ kind: 'post', key: 'unreadable-5', id: undefined });
    // the post's own id, not a referenced post's, whatever the order of the fields
    expect(
      classifyLine(
        '{"data":{"referenced_tweets":[{"type":"retweeted","id":"5"}],"author_id":"42","id":"6"},"includes":{"tweets":[{"id":"5"}]}}',
        0,
      ),
    ).toEqual({ kind: 'post', key: '6', id: '6' });
    // X's own order: the edit history first
    expect(
      classifyLine('{"data":{"edit_history_tweet_ids":["8","9"],"id":"9","text":"t","author_id":"4"}}', 0),
    ).toEqual({ kind: 'post', key: '9', id: '9' });
    expect(classifyLine('{"data":{"id":"not-a-number"}}', 3)).toEqual({
      kind: 'post',
      key: 'unreadable-3',
      id: undefined,
    });
    expect(classifyLine('{"errors":[{"title":"operational-disconnect","detail":"bye"}]}', 0).kind).toBe(
      'operational-disconnect',
    );
    expect(classifyLine('{"errors":[{"connection_issue":"TooManyConnections"}]}', 0).kind).toBe(
      'too-many-connections',
    );
    // a post with partial errors (a deleted referenced post) is still a post
    expect(
      classifyLine('{"data":{"id":"1","author_id":"7"},"errors":[{"title":"Not Found Error"}]}', 0),
    ).toEqual({
      kind: 'post',
      key: '1',
      id: '1',
    });
  });
});
