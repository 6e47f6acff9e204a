import * as net from 'net';
import { KeepAliveWatchdog } from '../../lambda/x/watchdog';

/** Blocks this process, as a long GC pause or a starved container would. */
function busyWait(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    /* spin */
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Lets a verdict that waits one turn of the event loop land. */
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A loopback connection: what the server side writes arrives on `client`. */
async function loopback(): Promise<{ server: net.Server; peer: net.Socket; client: net.Socket }> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await new Promise<void>((r) => client.once('connect', r));
  return { server, peer: await accepted, client };
}

describe('keep-alive watchdog', () => {
  test('GIVEN data waiting on the socket WHEN this process was paused past the stall time THEN it is read first and no stall is called', async () => {
    // GIVEN
    const { server, peer, client } = await loopback();
    const events: string[] = [];
    let pokedAt = 0;
    let stalled!: () => void;
    const stall = new Promise<void>((r) => (stalled = r));
    const dog = new KeepAliveWatchdog(50, () => {
      events.push('stall');
      stalled();
    });
    client.on('data', () => {
      events.push('data');
      pokedAt = Date.now();
      dog.poke();
    });
    dog.start();
    try {
      // WHEN: the bytes reach the client's socket while the event loop is blocked past the timer
      peer.write('\r\n');
      busyWait(120);
      await turn();
      await turn();
      // THEN: the data counted; the countdown started again from it
      expect(events).toEqual(['data']);
      expect(dog.running).toBe(true);
      // ...and real silence after it is still a stall, a full countdown after the data
      await stall;
      expect(Date.now() - pokedAt).toBeGreaterThanOrEqual(45);
      expect(events).toEqual(['data', 'stall']);
      expect(dog.running).toBe(false);
    } finally {
      dog.stop();
      client.destroy();
      peer.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  test('GIVEN a stopped or restarted watchdog WHEN its old countdown would have ended THEN nothing fires', async () => {
    const stalls: number[] = [];
    const dog = new KeepAliveWatchdog(30, () => stalls.push(Date.now()));
    dog.start();
    dog.stop();
    await sleep(60);
    await turn();
    expect(stalls).toHaveLength(0);
    dog.start();
    await sleep(15);
    dog.start();
    const restarted = Date.now();
    while (stalls.length === 0) await sleep(10);
    await sleep(60);
    await turn();
    expect(stalls).toHaveLength(1);
    expect(stalls[0]! - restarted).toBeGreaterThanOrEqual(25);
  });
});
