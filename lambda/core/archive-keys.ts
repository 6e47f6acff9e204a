/**
 * Where raw posts live in the archive bucket: gzip JSON Lines, partitioned by debate and hour (Hive
 * style, so Athena, Spark and the batch re-analysis can prune by partition). Accepted posts go under
 * `raw/`, records that could not be read under `quarantine/` with the reason, for inspection.
 * Object names carry the shard and the batch's sequence range, so rewriting a redelivered batch
 * lands on the same key instead of duplicating it.
 */

export type ArchiveKind = 'raw' | 'quarantine';

export interface ArchiveObject {
  readonly kind: ArchiveKind;
  readonly debateId: string;
  /** Any instant inside the hour (epoch ms, UTC). */
  readonly at: number;
  readonly shardId: string;
  readonly firstSequence: string;
  readonly lastSequence: string;
}

/** `raw/debate=gop-2015-09-16/date=2015-09-17/hour=01/<shard>-<first>-<last>.jsonl.gz` */
export function archiveKey(o: ArchiveObject): string {
  return `${hourPrefix(o.kind, o.debateId, o.at)}${safe(o.shardId)}-${o.firstSequence}-${o.lastSequence}.jsonl.gz`;
}

/** Prefix of one debate-hour partition, ending in `/`. */
export function hourPrefix(kind: ArchiveKind, debateId: string, at: number): string {
  const iso = new Date(Math.floor(at / 3_600_000) * 3_600_000).toISOString();
  return `${debatePrefix(kind, debateId)}date=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}/`;
}

/** Prefix of all of a debate's objects of one kind, ending in `/`. */
export function debatePrefix(kind: ArchiveKind, debateId: string): string {
  return `${kind}/debate=${debateId}/`;
}

/** Shard ids become part of a key: keep them to a safe alphabet. */
function safe(shardId: string): string {
  return shardId.replace(/[^A-Za-z0-9_.-]/g, '_');
}
