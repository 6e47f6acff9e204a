/**
 * `trendoff score`: one JSON result per input line, streaming, in constant memory. It is also the
 * program the batch re-analysis pipes archive partitions through, so its output contract is stable:
 * line i of the output answers line i of the input, and a bad line gets an `{"error"}` line, never a
 * crash or a gap.
 */
import type { Readable, Writable } from 'stream';
import { normaliseJson } from '../../lambda/core/normalise';
import type { Scorer, VaderResult } from '../../lambda/core/sentiment';
import { readLineBatches } from '../../lambda/io/lines';
import { BackpressureWriter } from '../io/backpressure-writer';
import { choiceOption, parseCommandArgs, scorerOption } from './command-args';

export const SCORE_HELP = `Usage: trendoff score [--lexicon vader|afinn|labmt] [--labmt-file F] [--format text|jsonl]

Scores each line of standard input and writes one JSON object per line to standard output.

Options:
  --lexicon NAME     vader (default), afinn, or labmt
  --labmt-file F     the labMT 1.0 word list (Data_Set_S1.txt); required with --lexicon labmt,
                     or set TRENDOFF_LABMT_FILE
  --format FORMAT    text (default): every line is the text to score
                     jsonl: every line is a post as JSON (X API v2 or v1.1, a trendoff record, or
                     any object with a "text" field); its "id" is echoed
  -h, --help         show this help

Output: vader gives {"compound","pos","neu","neg","tokens"}; afinn and labmt give {"score","tokens"};
"tokens" lists the words that moved the score, [{"token","value"}]. A line that cannot be scored
gives {"line": N, "error": "..."} and scoring goes on.`;

const FORMATS = ['text', 'jsonl'] as const;
type InputFormat = (typeof FORMATS)[number];

export async function runScore(
  argv: string[],
  io: { stdin: Readable; stdout: Writable; env: NodeJS.ProcessEnv },
): Promise<number> {
  const { values } = parseCommandArgs('score', argv, {
    lexicon: { type: 'string' },
    'labmt-file': { type: 'string' },
    format: { type: 'string' },
  });
  if (values.help) {
    await new BackpressureWriter(io.stdout).write(SCORE_HELP + '\n');
    return 0;
  }
  const scorer = scorerOption('score', values, io.env);
  const format = choiceOption<InputFormat>('score', values, 'format', FORMATS, 'text');
  const out = new BackpressureWriter(io.stdout);
  const toJson = scorer.name === 'vader' ? vaderJson : plainJson;

  for await (const batch of readLineBatches(io.stdin)) {
    let text = '';
    for (const line of batch) {
      if ('overlongBytes' in line) {
        text +=
          JSON.stringify({
            line: line.no,
            error: `line is ${line.overlongBytes} bytes, longer than the 1 MiB limit`,
          }) + '\n';
        continue;
      }
      text += scoreLine(line.no, line.text, format, scorer, toJson) + '\n';
    }
    await out.write(text);
    if (!out.open) break;
  }
  return 0;
}

type ToJson = (id: string | undefined, result: ReturnType<Scorer['score']>) => string;

function scoreLine(no: number, line: string, format: InputFormat, scorer: Scorer, toJson: ToJson): string {
  if (format === 'text') return toJson(undefined, scorer.score(line));
  if (line.trim() === '') return JSON.stringify({ line: no, error: 'empty line' });
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return JSON.stringify({ line: no, error: `not JSON: ${(err as Error).message}` });
  }
  const post = postOf(value);
  if ('error' in post) return JSON.stringify({ line: no, error: post.error });
  return toJson(post.id, scorer.score(post.text));
}

/** The text (and id) to score from a JSON line: an X payload via the normaliser, else a `text` field. */
function postOf(value: unknown): { id?: string; text: string } | { error: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: 'expected a JSON object' };
  const o = value as Record<string, unknown>;
  if ('data' in o || 'id_str' in o || 'errors' in o) {
    const r = normaliseJson(value);
    return r.ok ? { id: r.tweet.id, text: r.tweet.text } : { error: r.rejection.reason };
  }
  if (typeof o.text !== 'string') return { error: 'no "text" string field' };
  if (!o.text.isWellFormed()) return { error: '"text" contains a lone UTF-16 surrogate' };
  const id = typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : undefined;
  return { id, text: o.text };
}

function vaderJson(id: string | undefined, r: ReturnType<Scorer['score']>): string {
  const v = r as VaderResult;
  return JSON.stringify({
    ...(id !== undefined ? { id } : {}),
    compound: v.compound,
    pos: v.pos,
    neu: v.neu,
    neg: v.neg,
    tokens: v.tokens,
  });
}

function plainJson(id: string | undefined, r: ReturnType<Scorer['score']>): string {
  return JSON.stringify({ ...(id !== undefined ? { id } : {}), score: r.score, tokens: r.tokens });
}
