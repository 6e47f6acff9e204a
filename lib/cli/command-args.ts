import { parseArgs, type ParseArgsConfig } from 'util';
import { SCORER_NAMES, type Scorer, type ScorerName } from '../../lambda/core/sentiment/scorer';
import { LABMT_FILE_ENV, loadScorer, ScorerSetupError } from '../../lambda/io/load-scorer';

/** A mistake in how the command was called: printed as one line, exit status 2. */
export class UsageError extends Error {
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A problem with the user's input files or data: printed as is, exit status 1. */
export class InputError extends Error {
  override name = 'InputError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `--rate -5` as `--rate=-5`: util.parseArgs reads a value starting with a dash as an option and
 * calls it ambiguous, so a negative number would never reach the check that says what is allowed.
 */
function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** `util.parseArgs` with errors turned into one-line usage errors naming the command. */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({
      args: joinNegativeValues(argv, options),
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError(command, (err as Error).message.split('\n')[0].replace(/\. To specify.*$/, ''));
  }
}

export function requireString(command: string, values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(command, `--${name} is required`);
  return v;
}

export function numberOption(
  command: string,
  values: Record<string, unknown>,
  name: string,
  fallback: number,
  check: { min?: number; integer?: boolean } = {},
): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  const min = check.min ?? -Infinity;
  if (
    typeof raw !== 'string' ||
    raw.trim() === '' ||
    !Number.isFinite(n) ||
    n < min ||
    (check.integer && !Number.isInteger(n))
  ) {
    const what = check.integer ? 'an integer' : 'a number';
    throw new UsageError(
      command,
      `--${name} must be ${what}${min > -Infinity ? ` ≥ ${min}` : ''}, got "${String(raw)}"`,
    );
  }
  return n;
}

/** The scorer named by `--lexicon` (vader by default), with `--labmt-file` or TRENDOFF_LABMT_FILE for labmt. */
export function scorerOption(
  command: string,
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Scorer {
  const lexicon = choiceOption<ScorerName>(command, values, 'lexicon', SCORER_NAMES, 'vader');
  try {
    return loadScorer(lexicon, (values['labmt-file'] as string | undefined) ?? env[LABMT_FILE_ENV]);
  } catch (err) {
    if (!(err instanceof ScorerSetupError)) throw err;
    if (err.reason === 'missing-labmt-file')
      throw new UsageError(command, `--lexicon labmt needs --labmt-file F (or ${LABMT_FILE_ENV})`);
    throw new InputError(err.message);
  }
}

export function choiceOption<T extends string>(
  command: string,
  values: Record<string, unknown>,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = values[name];
  if (raw === undefined) return fallback;
  if (typeof raw === 'string' && (choices as readonly string[]).includes(raw)) return raw as T;
  throw new UsageError(command, `--${name} must be one of ${choices.join(', ')}, got "${String(raw)}"`);
}
