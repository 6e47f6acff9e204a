import * as fs from 'fs';
import { formatProblems, parseDebateConfig, type DebateConfig } from '../../lambda/core/debate-config';
import { InputError } from './command-args';

/** Reads and validates a debate config file; every problem is reported, on one line, with its JSON path. */
export function loadDebateConfig(file: string): DebateConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      `cannot read debate config ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? (err as Error).message)}`,
    );
  }
  const result = parseDebateConfig(text);
  if (!result.ok)
    throw new InputError(
      `${file} is not a valid debate config: ${formatProblems(result.problems).split('\n').join('; ')}`,
    );
  return result.config;
}
