/**
 * /compare: what two accounts wrote, from the raw archive (the aggregates keep words per candidate,
 * not per author). Reads the debate's hour partitions — only those overlapping `from`/`to` when
 * given — and stops with a 400 past a byte budget rather than running into the Lambda timeout.
 */
import type { ArchiveStore } from '../../core/ports';
import { compareKeys, countDistinct, topK, type CountMap } from '../aggregate';
import { debatePrefix } from '../archive-keys';
import { normaliseJsonLine } from '../normalise';
import { contentWords } from '../pipeline';
import { tokenize } from '../tokenizer';
import { archiveLines } from './archive-lines';
import type { CompareResponse, UserWords } from './contract';
import { badParameter } from './responses';

export interface CompareOptions {
  readonly debateId: string;
  /** Two different lower-case handles without `@`. */
  readonly users: readonly [string, string];
  /** Only archive partitions whose hour overlaps [from, to), epoch ms; either end may be open. */
  readonly from?: number;
  readonly to?: number;
  /** Entries per ranking (each user's top words, the shared words). */
  readonly limit: number;
  /** Most decompressed archive bytes to read. */
  readonly maxBytes: number;
}

const HOUR_MS = 3_600_000;
const PARTITION = /\/date=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\//;

/**
 * Each user's most used content words (numbers of their posts using each word, as the aggregates
 * count words) and the words both used, from the archived posts whose `author.username` matches
 * case-insensitively. Archive lines may be trendoff records or X API v2 / v1.1 JSON (the archive
 * keeps posts as they came); other lines are skipped. A post archived twice counts once.
 */
export async function compareUsers(archive: ArchiveStore, opts: CompareOptions): Promise<CompareResponse> {
  const { users, from, to, maxBytes } = opts;
  const counts: [CountMap, CountMap] = [new Map(), new Map()];
  const seen: [Set<string>, Set<string>] = [new Set(), new Set()];
  // A cheap test before parsing: handles are [a-z0-9_], which JSON writers do not escape.
  const namesUser = new RegExp(`"(?:username|screen_name)"\\s*:\\s*"(?:${users[0]}|${users[1]})"`, 'i');
  let scanned = 0;
  const onBytes = (n: number): void => {
    scanned += n;
    if (scanned > maxBytes) {
      throw badParameter(
        from !== undefined && to === undefined ? 'to' : 'from',
        `the archive range holds more than the limit of ${maxBytes / 1_048_576} MiB of posts per /compare ` +
          'request; narrow it with from/to (the archive is read by the hour)',
      );
    }
  };

  for await (const key of archive.list(debatePrefix('raw', opts.debateId))) {
    if (!partitionOverlaps(key, from, to)) continue;
    const body = await archive.get(key);
    for await (const line of archiveLines(body, onBytes)) {
      if (!namesUser.test(line)) continue;
      const r = normaliseJsonLine(line);
      if (!r.ok) continue;
      const { id, author, text } = r.tweet;
      const name = author.username?.toLowerCase();
      const who = name === users[0] ? 0 : name === users[1] ? 1 : undefined;
      if (who === undefined || seen[who].has(id)) continue;
      seen[who].add(id);
      countDistinct(counts[who], contentWords(tokenize(text)));
    }
  }

  const userWords = (i: 0 | 1): UserWords => ({
    user: users[i],
    posts: seen[i].size,
    topWords: topK(counts[i], opts.limit).map((e) => ({ word: e.key, count: e.count })),
  });
  return {
    debate: opts.debateId,
    users: [userWords(0), userWords(1)],
    shared: sharedWords(counts[0], counts[1], opts.limit),
  };
}

/** Words in both maps, by the sum of both counts (highest first), ties in code-unit order. */
function sharedWords(a: CountMap, b: CountMap, limit: number): { word: string; counts: [number, number] }[] {
  const both: { word: string; counts: [number, number] }[] = [];
  for (const [word, n] of a) {
    const m = b.get(word);
    if (m !== undefined) both.push({ word, counts: [n, m] });
  }
  both.sort((x, y) => y.counts[0] + y.counts[1] - (x.counts[0] + x.counts[1]) || compareKeys(x.word, y.word));
  return both.slice(0, limit);
}

/**
 * Whether an object's hour partition overlaps [from, to). Partitions are hours of arrival in the
 * archive, which for a live debate is within seconds of posting. Keys outside the layout are read.
 */
function partitionOverlaps(key: string, from: number | undefined, to: number | undefined): boolean {
  const m = PARTITION.exec(key);
  if (m === null) return true;
  const hour = Date.parse(`${m[1]}T${m[2]}:00:00Z`);
  if (Number.isNaN(hour)) return true;
  return (to === undefined || hour < to) && (from === undefined || hour + HOUR_MS > from);
}
