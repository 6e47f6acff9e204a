/**
 * A small benchmark harness: runs each case for a fixed number of rounds over the same inputs,
 * interleaving the cases so that machine noise hits them alike, and reports the median rate.
 */
export interface BenchCase {
  readonly name: string;
  /** Processes every input once; returns a value so the work cannot be optimised away. */
  readonly run: () => number;
  /** Items processed per run. */
  readonly items: number;
}

export interface BenchResult {
  readonly name: string;
  readonly perSecond: number;
  readonly runs: number[];
}

export function measure(cases: readonly BenchCase[], rounds = 7, warmup = 2): BenchResult[] {
  const rates = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  let sink = 0;
  for (let r = 0; r < warmup + rounds; r++) {
    for (const c of cases) {
      (globalThis as { gc?: () => void }).gc?.();
      const t0 = process.hrtime.bigint();
      sink += c.run();
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (r >= warmup) rates.get(c.name)!.push(c.items / seconds);
    }
  }
  if (sink === 42.4242) process.stdout.write(''); // keep `sink` observable
  return cases.map((c) => {
    const runs = rates.get(c.name)!;
    return { name: c.name, perSecond: median(runs), runs };
  });
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
