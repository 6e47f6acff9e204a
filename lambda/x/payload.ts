/**
 * What one line of the filtered stream is: a post (passed on as received; the processor normalises
 * it), or a message about the connection itself (`{"errors": [...]}` without `data`) that the
 * client must act on. Cheap on purpose: a post is not parsed here, only its author read for the
 * partition key, since every post is parsed once downstream anyway.
 */

export type StreamMessage =
  | { readonly kind: 'post'; readonly key: string }
  /** `operational-disconnect`: X is closing the stream (maintenance); reconnect. */
  | { readonly kind: 'operational-disconnect'; readonly detail: string }
  /** `TooManyConnections`: another connection holds the stream. */
  | { readonly kind: 'too-many-connections'; readonly detail: string }
  /** The stream's rules are invalid: a person must fix them. */
  | { readonly kind: 'rules-invalid'; readonly detail: string };

const AUTHOR = /"author_id"\s*:\s*"(\d{1,20})"/;

/** Partition keys for posts whose author cannot be read (malformed lines), spread over a few shards. */
const FALLBACK_KEYS = 16;

export function classifyLine(line: string, seq: number): StreamMessage {
  // A post always starts with its data; only error-only payloads can be connection messages.
  if (!line.startsWith('{"data"') && line.includes('"errors"')) {
    const control = connectionMessage(line);
    if (control !== undefined) return control;
  }
  const author = AUTHOR.exec(line);
  return { kind: 'post', key: author === null ? `unreadable-${seq % FALLBACK_KEYS}` : author[1] };
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
