/**
 * Masks what looks like a credential in text that came from elsewhere (an API's error detail, an
 * exception's message) before a person or a log sees it. Errs on the side of masking: a masked id
 * costs a look-up, a printed token costs a rotation.
 */

export const REDACTED = '[redacted]';

const PATTERNS: readonly RegExp[] = [
  // An Authorization header's credentials (RFC 6750 b64token): "Bearer xyz", not "Bearer Token".
  /(?<=\b(?:bearer|basic)\s+)(?!tokens?\b)[A-Za-z0-9._~+/=%-]+/gi,
  // key=value and "key": "value" pairs whose key names a secret.
  /(?<=\b[\w-]*(?:token|secret|password|passwd|api[_-]?key|access[_-]?key|signature|credential)s?["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi,
  // AWS access key ids (long-term AKIA…, temporary ASIA…, and the other IAM id prefixes).
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g,
  // Long hex strings: keys, digests used as secrets.
  /\b[0-9a-fA-F]{32,}\b/g,
];

/** Long base64 or URL-encoded runs mixing upper case, lower case and digits (tokens, AWS secret keys). */
const LONG_TOKEN = /[A-Za-z0-9+/=_%-]{32,}/g;
const MIXED = (s: string): boolean => /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s);

/** `text` with every credential-like part replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const p of PATTERNS) out = out.replace(p, REDACTED);
  return out.replace(LONG_TOKEN, (run) => (MIXED(run) ? REDACTED : run));
}
