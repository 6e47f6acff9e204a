/**
 * The debate config: which event, when, who is on stage and how people write about them.
 * Parsed from JSON that a person wrote, so validation reports every problem at once, each with its
 * JSON path, instead of stopping at the first.
 */

export interface CandidateConfig {
  readonly name: string;
  /** Names, possessives, `@handles` and `#hashtags` that mean this candidate. */
  readonly terms: readonly string[];
  /** Optional party or affiliation, shown on the dashboard. */
  readonly party?: string;
  /** Optional display colour (`#rrggbb`). */
  readonly color?: string;
}

export interface DebateConfig {
  /** URL- and S3-safe id: lower-case letters, digits and `-`, e.g. `gop-2015-09-16`. */
  readonly id: string;
  readonly title: string;
  /** Epoch milliseconds. */
  readonly start: number;
  readonly end: number;
  /** General hashtags of the event (without `#`), which select posts but name no candidate. */
  readonly hashtags: readonly string[];
  /** Candidate id (same alphabet as the debate id) → candidate. Order is the display order. */
  readonly candidates: Readonly<Record<string, CandidateConfig>>;
  /** BCP 47 language codes to keep (empty = all). */
  readonly languages: readonly string[];
  /** Moments of the night to mark on the dashboard (questions, clashes), in time order. */
  readonly moments: readonly DebateMoment[];
}

/** A moment of the debate worth marking on its charts. */
export interface DebateMoment {
  /** Epoch milliseconds, within the debate's start and end. */
  readonly at: number;
  readonly label: string;
}

export interface ConfigProblem {
  /** JSON path of the offending value, e.g. `$.candidates.trump.terms[2]`. */
  readonly path: string;
  readonly message: string;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: DebateConfig }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

const ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const COLOUR_PATTERN = /^#[0-9a-fA-F]{6}$/;
const LANG_PATTERN = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const KNOWN_TOP = new Set([
  'id',
  'title',
  'start',
  'end',
  'hashtags',
  'candidates',
  'languages',
  'moments',
  'description',
]);
const KNOWN_MOMENT = new Set(['at', 'label']);
/** Longest moment label: it is drawn on a chart, beside others. */
export const MAX_MOMENT_LABEL = 60;
const KNOWN_CANDIDATE = new Set(['name', 'terms', 'party', 'color']);
/** Longest term we accept: a rule must fit X's 1,024-character limit with room for operators. */
export const MAX_TERM_LENGTH = 128;

/** Parse JSON text and validate it; a JSON syntax error is reported as a problem at `$`. */
export function parseDebateConfig(jsonText: string): ConfigResult {
  let value: unknown;
  try {
    value = JSON.parse(jsonText);
  } catch (err) {
    return { ok: false, problems: [{ path: '$', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  return validateDebateConfig(value);
}

export function validateDebateConfig(value: unknown): ConfigResult {
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ path, message });
  };
  if (!isObject(value)) {
    return { ok: false, problems: [{ path: '$', message: `expected an object, got ${describe(value)}` }] };
  }
  for (const key of Object.keys(value)) {
    if (!KNOWN_TOP.has(key)) add(`$.${key}`, `unknown field (known: ${[...KNOWN_TOP].join(', ')})`);
  }

  const id = value.id;
  if (typeof id !== 'string') add('$.id', `required string, got ${describe(id)}`);
  else if (!ID_PATTERN.test(id))
    add('$.id', `"${id}" must be 1-64 lower-case letters, digits or "-" (not at the ends)`);

  const title = value.title;
  if (typeof title !== 'string' || title.trim() === '')
    add('$.title', `required non-empty string, got ${describe(title)}`);

  const start = parseTime(value.start, '$.start', add);
  const end = parseTime(value.end, '$.end', add);
  if (start !== undefined && end !== undefined && end <= start) {
    add('$.end', `must be after $.start (${new Date(start).toISOString()})`);
  }

  const hashtags: string[] = [];
  if (value.hashtags !== undefined) {
    if (!Array.isArray(value.hashtags))
      add('$.hashtags', `expected an array of strings, got ${describe(value.hashtags)}`);
    else
      value.hashtags.forEach((tag: unknown, i: number) => {
        const path = `$.hashtags[${i}]`;
        if (typeof tag !== 'string') return add(path, `expected a string, got ${describe(tag)}`);
        const bare = tag.startsWith('#') ? tag.slice(1) : tag;
        if (!/^[\p{L}\p{N}_]+$/u.test(bare))
          return add(path, `"${tag}" is not a hashtag (letters, digits, _)`);
        hashtags.push(bare);
      });
  }

  const languages: string[] = [];
  if (value.languages !== undefined) {
    if (!Array.isArray(value.languages))
      add('$.languages', `expected an array of language codes, got ${describe(value.languages)}`);
    else
      value.languages.forEach((lang: unknown, i: number) => {
        if (typeof lang !== 'string' || !LANG_PATTERN.test(lang)) {
          add(`$.languages[${i}]`, `expected a language code like "en", got ${describe(lang)}`);
        } else languages.push(lang);
      });
  }

  const candidates: Record<string, CandidateConfig> = {};
  const c = value.candidates;
  if (!isObject(c)) add('$.candidates', `required object of candidate id → candidate, got ${describe(c)}`);
  else {
    const ids = Object.keys(c);
    if (ids.length === 0) add('$.candidates', 'needs at least one candidate');
    const termOwner = new Map<string, string>();
    for (const cid of ids) {
      const path = `$.candidates.${cid}`;
      if (!ID_PATTERN.test(cid)) add(path, `candidate id "${cid}" must be lower-case letters, digits or "-"`);
      const cand = c[cid];
      if (!isObject(cand)) {
        add(path, `expected an object with name and terms, got ${describe(cand)}`);
        continue;
      }
      for (const key of Object.keys(cand)) {
        if (!KNOWN_CANDIDATE.has(key))
          add(`${path}.${key}`, `unknown field (known: ${[...KNOWN_CANDIDATE].join(', ')})`);
      }
      if (typeof cand.name !== 'string' || cand.name.trim() === '') {
        add(`${path}.name`, `required non-empty string, got ${describe(cand.name)}`);
      }
      if (cand.party !== undefined && typeof cand.party !== 'string')
        add(`${path}.party`, `expected a string, got ${describe(cand.party)}`);
      if (cand.color !== undefined && (typeof cand.color !== 'string' || !COLOUR_PATTERN.test(cand.color))) {
        add(`${path}.color`, `expected a colour like "#1f77b4", got ${describe(cand.color)}`);
      }
      const terms: string[] = [];
      if (!Array.isArray(cand.terms) || cand.terms.length === 0) {
        add(`${path}.terms`, `required non-empty array of strings, got ${describe(cand.terms)}`);
      } else {
        cand.terms.forEach((term: unknown, i: number) => {
          const tpath = `${path}.terms[${i}]`;
          if (typeof term !== 'string') return add(tpath, `expected a string, got ${describe(term)}`);
          const t = term.trim();
          if (t === '' || t === '@' || t === '#') return add(tpath, 'empty term');
          if (t.length > MAX_TERM_LENGTH) return add(tpath, `longer than ${MAX_TERM_LENGTH} characters`);
          if (/["\\]/.test(t))
            return add(tpath, `"${t}" contains a quote or backslash, which X rules cannot hold`);
          const key = t.toLocaleLowerCase('en-US');
          const owner = termOwner.get(key);
          if (owner !== undefined && owner !== cid)
            return add(tpath, `"${t}" is already a term of candidate "${owner}"`);
          termOwner.set(key, cid);
          terms.push(t);
        });
      }
      candidates[cid] = {
        name: typeof cand.name === 'string' ? cand.name : '',
        terms,
        ...(typeof cand.party === 'string' ? { party: cand.party } : {}),
        ...(typeof cand.color === 'string' ? { color: cand.color } : {}),
      };
    }
  }

  const moments = readMoments(value.moments, start, end, add);

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      id: id as string,
      title: title as string,
      start: start as number,
      end: end as number,
      hashtags,
      candidates,
      languages,
      moments,
    },
  };
}

/** The optional `moments`: each `{at, label}` with `at` inside the debate's span; sorted by time. */
function readMoments(
  value: unknown,
  start: number | undefined,
  end: number | undefined,
  add: (path: string, message: string) => void,
): DebateMoment[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    add('$.moments', `expected an array of {"at", "label"}, got ${describe(value)}`);
    return [];
  }
  const moments: DebateMoment[] = [];
  value.forEach((m: unknown, i: number) => {
    const path = `$.moments[${i}]`;
    if (!isObject(m)) return add(path, `expected an object with at and label, got ${describe(m)}`);
    for (const key of Object.keys(m)) {
      if (!KNOWN_MOMENT.has(key))
        add(`${path}.${key}`, `unknown field (known: ${[...KNOWN_MOMENT].join(', ')})`);
    }
    const at = parseTime(m.at, `${path}.at`, add);
    const label = m.label;
    if (typeof label !== 'string' || label.trim() === '') {
      add(`${path}.label`, `required non-empty string, got ${describe(label)}`);
      return;
    }
    if (label.length > MAX_MOMENT_LABEL) {
      add(
        `${path}.label`,
        `longer than ${MAX_MOMENT_LABEL} characters: keep it short, it is drawn on a chart`,
      );
      return;
    }
    if (at === undefined) return;
    if (start !== undefined && end !== undefined && (at < start || at > end)) {
      add(
        `${path}.at`,
        `${new Date(at).toISOString()} is outside the debate (${new Date(start).toISOString()} to ` +
          `${new Date(end).toISOString()})`,
      );
      return;
    }
    moments.push({ at, label: label.trim() });
  });
  return moments.sort((a, b) => a.at - b.at);
}

/** One problem per line, `path: message`, for terminals and error responses. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
}

function parseTime(
  v: unknown,
  path: string,
  add: (path: string, message: string) => void,
): number | undefined {
  if (typeof v !== 'string') {
    add(path, `required ISO 8601 time with a zone, e.g. "2015-09-16T20:00:00-04:00", got ${describe(v)}`);
    return undefined;
  }
  // Require a zone: a debate time without one means different instants on different laptops.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) {
    add(path, `"${v}" is not an ISO 8601 time with a zone (Z or ±hh:mm)`);
    return undefined;
  }
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) {
    add(path, `"${v}" is not a real date`);
    return undefined;
  }
  return ms;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
