/**
 * The AWS SDK warns, in eight lines before the first AWS call of every command on Node.js < 22,
 * that its releases from 2027 need Node.js 22. The CLI says it in one line, once per run.
 */

const SDK_NODE_WARNING = 'NodeVersionSupportWarning';

export const NODE_VERSION_NOTICE =
  'note: AWS SDK releases from January 2027 need Node.js 22 or newer (this is Node.js %s); Node.js 22 is recommended';

/** Replaces the SDK's Node.js version warning by one line on `stderr`; other warnings pass. */
export function shortenNodeVersionWarning(
  stderr: NodeJS.WritableStream,
  proc: Pick<NodeJS.Process, 'emitWarning' | 'version'> = process,
): void {
  const original = proc.emitWarning.bind(proc) as (...args: unknown[]) => void;
  let told = false;
  proc.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    const name = typeof warning === 'string' ? undefined : warning.name;
    if (text.startsWith(SDK_NODE_WARNING) || name === SDK_NODE_WARNING) {
      if (!told) stderr.write(`trendoff: ${NODE_VERSION_NOTICE.replace('%s', proc.version)}\n`);
      told = true;
      return;
    }
    original(warning, ...rest);
  }) as NodeJS.Process['emitWarning'];
}
