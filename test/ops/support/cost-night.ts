/** What the cost tests share: the night they estimate, line-item lookups and a captured output. */
import { Writable } from 'stream';
import type { CostInputs, LineItem } from '../../../lib/ops/cost/model';

export const DEBATE = 'examples/gop-2015-09-16.json';

/** The 2-hour, 3,000 posts/s night of an 11-candidate debate, on-demand stream. */
export const NIGHT: CostInputs = {
  debateId: 'd',
  candidates: 11,
  hours: 2,
  rate: 3000,
  postBytes: 1000,
  streamKbPerPost: 1,
  memoryMb: 1024,
  batchSize: 1000,
  viewers: 10,
  keepMonths: 1,
  dynamicPartitioning: false,
};

/** The line item of `service` whose name contains `text`, if any. */
export function findItem(items: readonly LineItem[], service: string, text: string): LineItem | undefined {
  return items.find((i) => i.service === service && i.item.includes(text));
}

/** The line item of `service` whose name contains `text`; throws naming it when there is none. */
export function item(items: readonly LineItem[], service: string, text: string): LineItem {
  const found = findItem(items, service, text);
  if (found === undefined) throw new Error(`no ${service} line item "${text}"`);
  return found;
}

/** A writable that keeps what a command prints. */
export function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
