/** `trendoff validate`: is this debate config right, and which X filtered-stream rules does it give? */
import type { Writable } from 'stream';
import { deriveStreamRules } from '../../lambda/core/stream-rules';
import { BackpressureWriter } from '../io/backpressure-writer';
import { loadDebateConfig } from './debate-file';
import { InputError, numberOption, parseCommandArgs, requireString } from './command-args';

export const VALIDATE_HELP = `Usage: trendoff validate --debate F [--max-rule-length N] [--max-rules N]

Checks a debate config (every problem is listed with its JSON path) and prints, as JSON, the
debate's summary and the X API v2 filtered-stream rules derived from it, one tagged rule or more
per candidate plus one for the debate hashtags. Exit status 1 when the config is invalid.

Options:
  --debate F            the debate config (JSON), e.g. examples/gop-2015-09-16.json
  --max-rule-length N   longest rule your X access tier allows (default 1024)
  --max-rules N         most rules your tier allows (default 1000)
  -h, --help            show this help`;

export async function runValidate(argv: string[], io: { stdout: Writable }): Promise<number> {
  const { values } = parseCommandArgs('validate', argv, {
    debate: { type: 'string' },
    'max-rule-length': { type: 'string' },
    'max-rules': { type: 'string' },
  });
  const out = new BackpressureWriter(io.stdout);
  if (values.help) {
    await out.write(VALIDATE_HELP + '\n');
    return 0;
  }
  const file = requireString('validate', values, 'debate');
  const maxRuleLength = numberOption('validate', values, 'max-rule-length', 1024, { min: 16, integer: true });
  const maxRules = numberOption('validate', values, 'max-rules', 1000, { min: 1, integer: true });
  const config = loadDebateConfig(file);
  const rules = deriveStreamRules(config, { maxRuleLength, maxRules });
  if (!rules.ok) throw new InputError(`${file}: ${rules.error}`);
  const summary = {
    id: config.id,
    title: config.title,
    start: new Date(config.start).toISOString(),
    end: new Date(config.end).toISOString(),
    candidates: Object.entries(config.candidates).map(([id, c]) => ({
      id,
      name: c.name,
      terms: c.terms.length,
    })),
    rules: rules.rules,
  };
  await out.write(JSON.stringify(summary, null, 2) + '\n');
  return 0;
}
