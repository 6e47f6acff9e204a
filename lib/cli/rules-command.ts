/** `trendoff rules sync|list`: the X filtered-stream rules of a debate, applied as a difference. */
import type { Writable } from 'stream';
import { deriveStreamRules } from '../../lambda/core/stream-rules';
import { TransientRulesError, XRulesClient } from '../../lambda/x/rules-api';
import { XActionRequiredError } from '../../lambda/x/x-errors';
import { apiUrlFrom, X_API_URL_ENV, X_BEARER_TOKEN_ENV } from '../../lambda/x/x-settings';
import { BackpressureWriter } from '../io/backpressure-writer';
import { loadDebateConfig } from './debate-file';
import { InputError, numberOption, parseCommandArgs, requireString, UsageError } from './command-args';

export const RULES_HELP = `Usage: trendoff rules sync --debate F [--dry-run] [--max-rule-length N] [--max-rules N]
       trendoff rules list

sync derives the filtered-stream rules from the debate config (one tagged rule or more per
candidate, one for the debate hashtags), compares them with the rules on X's stream and applies
only the difference: rules that are not wanted are deleted, missing ones added, unchanged ones
kept. With --dry-run, X checks the change without applying it. list prints the current rules.
Output is JSON on stdout.

The bearer token is read from ${X_BEARER_TOKEN_ENV} (never printed); the API from
${X_API_URL_ENV} (default https://api.x.com).

Options:
  --debate F            the debate config (JSON)
  --dry-run             validate the change with X, apply nothing
  --max-rule-length N   longest rule your X access tier allows (default 1024)
  --max-rules N         most rules your tier allows (default 1000)
  -h, --help            show this help`;

export async function runRules(
  argv: string[],
  io: { stdout: Writable; stderr?: Writable; env: NodeJS.ProcessEnv; fetch?: typeof fetch },
): Promise<number> {
  const [action, ...rest] = argv;
  const out = new BackpressureWriter(io.stdout);
  if (action === undefined || action === '-h' || action === '--help') {
    await out.write(RULES_HELP + '\n');
    return action === undefined ? 2 : 0;
  }
  if (action !== 'sync' && action !== 'list')
    throw new UsageError('rules', `expected "sync" or "list", got "${action}"`);
  const cmd = `rules ${action}`;
  const { values } = parseCommandArgs(
    cmd,
    rest,
    action === 'sync'
      ? {
          debate: { type: 'string' },
          'dry-run': { type: 'boolean' },
          'max-rule-length': { type: 'string' },
          'max-rules': { type: 'string' },
        }
      : {},
  );
  if (values.help) {
    await out.write(RULES_HELP + '\n');
    return 0;
  }
  const token = io.env[X_BEARER_TOKEN_ENV];
  if (!token) throw new InputError(`${X_BEARER_TOKEN_ENV} is not set: put your X app's Bearer Token in it`);
  const client = new XRulesClient({
    apiUrl: apiUrlFrom(io.env),
    bearerToken: token,
    ...(io.fetch ? { fetch: io.fetch } : {}),
    onRetry: (failure, attempt, attempts) =>
      io.stderr?.write(`trendoff ${cmd}: ${failure}; trying again (attempt ${attempt} of ${attempts})\n`),
  });
  try {
    if (action === 'list') {
      await out.write(JSON.stringify({ rules: await client.list() }, null, 2) + '\n');
      return 0;
    }
    const file = requireString(cmd, values, 'debate');
    const maxRuleLength = numberOption(cmd, values, 'max-rule-length', 1024, { min: 16, integer: true });
    const maxRules = numberOption(cmd, values, 'max-rules', 1000, { min: 1, integer: true });
    const rules = deriveStreamRules(loadDebateConfig(file), { maxRuleLength, maxRules });
    if (!rules.ok) throw new InputError(`${file}: ${rules.error}`);
    const dryRun = values['dry-run'] === true;
    const diff = await client.sync(rules.rules, dryRun);
    await out.write(
      JSON.stringify({ dryRun, added: diff.add, deleted: diff.delete, kept: diff.keep.length }, null, 2) +
        '\n',
    );
    return 0;
  } catch (err) {
    if (err instanceof XActionRequiredError || err instanceof TransientRulesError)
      throw new InputError(err.message);
    throw err;
  }
}
