import * as fs from 'fs';
import { formatProblems, parseDebateConfig, type DebateConfig } from '../../lambda/core/debate-config';
import { InputError } from './usage';

/** Reads and validates a debate config file; every problem is reported with its JSON path. */
export function loadDebateConfig(file: string): DebateConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(
      `cannot read debate config ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const result = parseDebateConfig(text);
  if (!result.ok)
    throw new InputError(`${file} is not a valid debate config:\n${formatProblems(result.problems)}`);
  return result.config;
}
