/**
 * The `trendoff` command line. Parses the command name and hands the rest to the command's module;
 * every command documents itself with --help. Exit status: 0 done, 1 bad input or failure, 2 usage.
 * A failure is one line naming the problem and the fix; `--debug` (anywhere) adds the stack.
 */
import { debugReport, failureLine } from '../lib/cli/failure-line';
import { shortenNodeVersionWarning } from '../lib/cli/node-warnings';
import { InputError, UsageError } from '../lib/cli/command-args';
import packageJson from '../package.json';
import { EMULATOR_CHILD_COMMAND, runEmulatorChild } from '../lib/local/emulator-process';

interface CommandIo {
  stdin: NodeJS.ReadableStream & import('stream').Readable;
  stdout: import('stream').Writable;
  stderr: import('stream').Writable;
  env: NodeJS.ProcessEnv;
}

// Commands load on demand, so `trendoff score` on a cluster node never initialises the local
// pipeline's modules (or needs the emulators installed).
const COMMANDS: Record<string, { summary: string; run: (argv: string[], io: CommandIo) => Promise<number> }> =
  {
    local: {
      summary: 'run the whole pipeline on this machine, with the API and dashboard',
      run: async (argv, io) => (await import('../lib/cli/local-command')).runLocalCommand(argv, io),
    },
    worker: {
      summary: 'run the stream processor as a Kafka consumer-group member until stopped (SIGTERM drains)',
      run: async (argv, io) => (await import('../lib/cli/worker-command')).runWorker(argv, io),
    },
    analyse: {
      summary: 'run posts (a file or a synthetic stream) through the core; print series',
      run: async (argv, io) => (await import('../lib/cli/analyse-command')).runAnalyse(argv, io),
    },
    score: {
      summary: 'score lines of text or posts from stdin with vader, afinn or labmt',
      run: async (argv, io) => (await import('../lib/cli/score-command')).runScore(argv, io),
    },
    generate: {
      summary: 'write a seeded synthetic debate stream (X v2, v1.1 or CSV)',
      run: async (argv, io) => (await import('../lib/cli/generate-command')).runGenerate(argv, io),
    },
    cost: {
      summary: "itemised estimate of a debate night's AWS bill (prices from a dated table)",
      run: async (argv, io) => (await import('../lib/cli/cost-command')).runCost(argv, io),
    },
    rules: {
      summary: 'sync or list the X filtered-stream rules of a debate',
      run: async (argv, io) => (await import('../lib/cli/rules-command')).runRules(argv, io),
    },
    spot: {
      summary: 'price spot capacity per type and zone; recommend a fleet (or the legacy bid) with its cost',
      run: async (argv, io) => (await import('../lib/cli/spot-command')).runSpot(argv, io),
    },
    cluster: {
      summary: 'EMR cluster for batch re-analysis: up, status, down, load (aggregate runs on the nodes)',
      run: async (argv, io) => (await import('../lib/cli/cluster-command')).runCluster(argv, io),
    },
    report: {
      summary:
        'one self-contained HTML page of a debate: seismograph, moves and their words, posts, hashtags',
      run: async (argv, io) => (await import('../lib/cli/report-command')).runReport(argv, io),
    },
    validate: {
      summary: 'check a debate config and show its X filtered-stream rules',
      run: async (argv, io) => (await import('../lib/cli/validate-command')).runValidate(argv, io),
    },
  };

export const MAIN_HELP = `Usage: trendoff <command> [options]

Audience sentiment per speaker, second by second, for live events on X.

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Global options:
  --debug        on a failure, print the stack trace too
  -V, --version  print the version

Run "trendoff <command> --help" for a command's options.`;

export const DEBUG_FLAG = '--debug';

export async function main(argv: string[], io: CommandIo): Promise<number> {
  if (argv[0] === EMULATOR_CHILD_COMMAND) {
    await runEmulatorChild(argv[1] ?? '{}');
    return 0;
  }
  // Global flags may come anywhere before a "--".
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
  const debug = argv.slice(0, end).includes(DEBUG_FLAG);
  const [name, ...rest] = argv.filter((a, i) => i >= end || a !== DEBUG_FLAG);
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(MAIN_HELP + '\n');
    return name === undefined ? 2 : 0;
  }
  // The American spelling of the one command whose name has two is accepted too.
  const command = COMMANDS[name === 'analyze' ? 'analyse' : name];
  try {
    if (command === undefined)
      throw new UsageError(
        'trendoff',
        `unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`,
      );
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(
        `${err.command === 'trendoff' ? 'trendoff' : `trendoff ${err.command}`}: ${err.message} (see --help)\n`,
      );
      return 2;
    }
    if (err instanceof InputError) {
      io.stderr.write(`trendoff ${name}: ${err.message}\n`);
      return 1;
    }
    io.stderr.write(`trendoff ${name}: ${failureLine(err)}\n`);
    if (debug) io.stderr.write(debugReport(err) + '\n');
    return 1;
  }
}

/** Runs the CLI on this process's arguments and streams; sets the exit status. */
export function runFromProcess(): void {
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
  shortenNodeVersionWarning(process.stderr);
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}

// Run directly when this file (or its bundle, e.g. on cluster nodes) is the program.
if (require.main === module) runFromProcess();
