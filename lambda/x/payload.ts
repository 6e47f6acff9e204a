/**
 * What one line of the filtered stream is: a post (passed on as received; the processor normalises
 * it), or a message about the connection itself (`{"errors": [...]}` without `data`) that the
 * client must act on. A post's id (`data.id`) is read here: it is the record's partition key, so
 * every copy of a post lands on one shard, and what the producer de-duplicates on.
 */
import { isDecimalId } from '../core/normalise/checks';

export type StreamMessage =
  /** `id` is undefined when the line is not a readable post (it goes on, to be quarantined). */
  | { readonly kind: 'post'; readonly key: string; readonly id: string | undefined }
  /** `operational-disconnect`: X is closing the stream (maintenance); reconnect. */
  | { readonly kind: 'operational-disconnect'; readonly detail: string }
  /** `TooManyConnections`: another connection holds the stream. */
  | { readonly kind: 'too-many-connections'; readonly detail: string }
  /** The stream's rules are invalid: a person must fix them. */
  | { readonly kind: 'rules-invalid'; readonly detail: string };

/** Partition keys for lines whose post id cannot be read (malformed lines), spread over a few shards. */
const FALLBACK_KEYS = 16;

export function classifyLine(line: string, seq: number): StreamMessage {
  // A post always starts with its data; only error-only payloads can be connection messages.
  if (!line.startsWith('{"data"') && line.includes('"errors"')) {
    const control = connectionMessage(line);
    if (control !== undefined) return control;
  }
  const id = postIdOf(line);
  return { kind: 'post', key: id ?? `unreadable-${seq % FALLBACK_KEYS}`, id };
}

/**
 * `data.id` leading `data` (optionally after `edit_history_tweet_ids`, as X sends it): certainly the
 * post's own id. Most lines take this path (a fraction of a µs); the rest are parsed.
 */
const LEADING_ID = /^\{"data":\{(?:"edit_history_tweet_ids":\[[^\]]*\],)?"id":"(\d{1,20})"/;

/**
 * `data.id` of a v2 payload. Parsed unless it leads `data`: `data` also holds referenced posts' ids
 * and the order of its fields is not fixed.
 */
function postIdOf(line: string): string | undefined {
  const leading = LEADING_ID.exec(line);
  if (leading !== null) return leading[1];
  let payload: unknown;
  try {
    payload = JSON.parse(line);
  } catch {
    return undefined;
  }
  const data =
    typeof payload === 'object' && payload !== null ? (payload as { data?: unknown }).data : undefined;
  const id = typeof data === 'object' && data !== null ? (data as { id?: unknown }).id : undefined;
  return typeof id === 'string' && isDecimalId(id) ? id : undefined;
}

function connectionMessage(line: string): StreamMessage | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null || 'data' in payload) return undefined;
  const errors = (payload as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return undefined;
  for (const e of errors as unknown[]) {
    const named = problemName(e);
    if (named !== undefined) return named;
  }
  return undefined;
}

/** The connection problem an X problem object names, if it names one this client acts on. */
export function problemName(e: unknown): StreamMessage | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const o = e as Record<string, unknown>;
  const text = (k: string): string => (typeof o[k] === 'string' ? (o[k] as string) : '');
  const detail = text('detail') || text('message') || text('title');
  if (text('title') === 'operational-disconnect' || text('type').endsWith('/operational-disconnect'))
    return { kind: 'operational-disconnect', detail };
  const issue = text('connection_issue');
  if (issue === 'TooManyConnections') return { kind: 'too-many-connections', detail };
  if (issue === 'RulesInvalidIssue' || issue === 'RuleConfigurationIssue')
    return { kind: 'rules-invalid', detail };
  return undefined;
}
