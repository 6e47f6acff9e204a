/**
 * Rollup levels: the time grids a store keeps aggregates on besides the base buckets, so that a
 * long window is read from a few coarse slots instead of every base bucket. Level 0's slots are the
 * base buckets; each coarser level's slot is a whole number of the finer one's (1 min, then 10 min,
 * when the base bucket divides them). Stores group the slots of a level into blocks (one stored item
 * per block): a level's block is the next level's slot, so the part of a window a finer level covers
 * at each edge lies in one block.
 */
import { requireMultipleOfBucket, requirePositiveInteger, requireRange } from './arg-checks';

export interface RollupLevel {
  /** Length of one slot (ms): the level's time resolution. */
  readonly slotMs: number;
  /** Length of a block of slots (ms), a multiple of `slotMs`; blocks are aligned to the epoch. */
  readonly blockMs: number;
}

/** Slot lengths of the coarser levels, kept when the base bucket divides them. */
export const ROLLUP_SLOTS_MS: readonly number[] = [60_000, 600_000];
/** Slots per block on the coarsest level (10-min slots: 2-hour blocks). */
export const TOP_BLOCK_SLOTS = 12;

/** The levels for a base bucket, finest (the buckets themselves) first. */
export function rollupLevels(bucketMs: number): RollupLevel[] {
  requirePositiveInteger('bucketMs', bucketMs);
  const slots = [bucketMs];
  for (const s of ROLLUP_SLOTS_MS) {
    const last = slots[slots.length - 1];
    if (s > last && s % last === 0) slots.push(s);
  }
  return slots.map((slotMs, i) => ({ slotMs, blockMs: slots[i + 1] ?? slotMs * TOP_BLOCK_SLOTS }));
}

/** Start of the slot or block of length `ms` holding `t` (a true floor, also before 1970). */
export function alignDown(t: number, ms: number): number {
  const r = t % ms;
  return r < 0 ? t - r - ms : t - r;
}

/**
 * The coarsest level whose slots tile steps of `stepMs` (its slot divides the step): a series at
 * that step reads the fewest items from it.
 * @throws RangeError if `stepMs` is not a multiple of the base bucket.
 */
export function seriesLevel(levels: readonly RollupLevel[], stepMs: number): number {
  requireMultipleOfBucket('stepMs', stepMs, levels[0].slotMs);
  for (let i = levels.length - 1; i > 0; i--) if (stepMs % levels[i].slotMs === 0) return i;
  return 0;
}

/** A part of a window read from one level: [from, to), whole slots of that level. */
export interface CoverPiece {
  readonly level: number;
  readonly from: number;
  readonly to: number;
}

/**
 * Splits [from, to) (multiples of the base bucket) into disjoint pieces of whole slots, each from
 * the coarsest level that fits: the middle from the coarsest, the edges from finer levels. Every
 * piece of a level below the top lies in one block of that level, so a window costs at most two
 * blocks per finer level plus the top level's blocks it spans.
 * @throws RangeError if the bounds are not whole base buckets or `to < from`.
 */
export function coverWindow(levels: readonly RollupLevel[], from: number, to: number): CoverPiece[] {
  requireRange(from, to);
  const base = levels[0].slotMs;
  if (from % base !== 0 || to % base !== 0) {
    throw new RangeError(`window [${from}, ${to}) must start and end on a base bucket (${base} ms)`);
  }
  const out: CoverPiece[] = [];
  const walk = (lo: number, hi: number, level: number): void => {
    if (lo >= hi) return;
    if (level === 0) {
      out.push({ level, from: lo, to: hi });
      return;
    }
    const s = levels[level].slotMs;
    const a = alignDown(lo + s - 1, s);
    const b = alignDown(hi, s);
    if (a >= b) {
      walk(lo, hi, level - 1);
      return;
    }
    walk(lo, a, level - 1);
    out.push({ level, from: a, to: b });
    walk(b, hi, level - 1);
  };
  walk(from, to, levels.length - 1);
  return out;
}

/** Starts of the blocks of `level` that hold some slot of [from, to), ascending. */
export function blocksOf(level: RollupLevel, from: number, to: number): number[] {
  if (from >= to) return [];
  const out: number[] = [];
  for (let b = alignDown(from, level.blockMs); b < to; b += level.blockMs) out.push(b);
  return out;
}
