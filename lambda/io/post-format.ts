/**
 * Which format a file of posts is in: JSON Lines (X API v2 / v1.1 payloads, trendoff records) or a
 * CSV export. Said by the user (`--format`), else by the name's extension, else by a vote of the
 * first lines — so one stray line at the top (a title, a broken record) cannot turn a JSON Lines
 * file into an unreadable CSV one.
 */

export type PostFormat = 'jsonl' | 'csv';

/** What a user may ask for: a format, or `auto` (extension, then vote). */
export const POST_FORMAT_CHOICES = ['auto', 'jsonl', 'csv'] as const;
export type PostFormatChoice = (typeof POST_FORMAT_CHOICES)[number];

/** Non-empty lines that take part in the vote. */
export const VOTE_LINES = 20;

const BY_EXTENSION: Readonly<Record<string, PostFormat>> = {
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  json: 'jsonl',
  csv: 'csv',
  tsv: 'csv',
};

/**
 * The format a file name or `s3://` URI says (`posts.jsonl.gz` → jsonl, `export.csv` → csv),
 * or undefined when its extension says nothing (`-`, `posts.txt`, no extension).
 */
export function formatFromName(name: string): PostFormat | undefined {
  const base = (name.split(/[/\\]/).pop() ?? '').toLowerCase().replace(/\.gz$/, '');
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? undefined : BY_EXTENSION[base.slice(dot + 1)];
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const OPEN_BRACE = 0x7b;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Counts, over the first {@link VOTE_LINES} non-empty lines of a byte stream, those that start with
 * `{` (a JSON object) and those that do not. Fed chunk by chunk; looks only at each line's first
 * non-blank byte, so a long line costs a scan, never a copy.
 */
export class FormatVote {
  private json = 0;
  private other = 0;
  /** First non-blank byte of the line being read, if any yet. */
  private first: number | undefined;
  private offset = 0;

  constructor(private readonly maxLines: number = VOTE_LINES) {}

  /** Lines counted so far. */
  get lines(): number {
    return this.json + this.other;
  }

  /** True once enough lines have voted. */
  get decided(): boolean {
    return this.lines >= this.maxLines;
  }

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length && !this.decided; i++, this.offset++) {
      const b = chunk[i]!;
      if (b === LF) {
        this.endLine();
        continue;
      }
      if (this.first !== undefined || b === SPACE || b === TAB || b === CR) continue;
      // A byte-order mark at the very start of the file is not the line's first character.
      if (this.offset < 3 && b === BOM[this.offset]) continue;
      this.first = b;
    }
  }

  /**
   * The majority's format once the input ends or enough lines voted (the last line counts even
   * without its newline); a tie goes to JSON Lines, where each bad line is one rejection, whereas
   * CSV read from a JSON file fails whole. No line at all: JSON Lines (nothing to read either way).
   */
  verdict(): PostFormat {
    if (!this.decided) this.endLine();
    return this.json >= this.other ? 'jsonl' : 'csv';
  }

  private endLine(): void {
    if (this.first === undefined) return;
    if (this.first === OPEN_BRACE) this.json++;
    else this.other++;
    this.first = undefined;
  }
}
