/**
 * `trendoff report`: one self-contained HTML file of a finished debate, read through the query API
 * (a running one, or a local data directory's), rendered by lib/report/.
 */
import * as fs from 'fs';
import type { Writable } from 'stream';
import { DEFAULT_REPORT_OPTIONS, gatherReport, ReportError } from '../report/gather';
import { renderReport } from '../report/render-report';
import { dataDirSource, httpSource, type ReportSource } from '../report/sources';
import { InputError, numberOption, parseCommandArgs, requireString, UsageError } from './command-args';
import { parseDuration } from './duration';

export const REPORT_HELP = `Usage: trendoff report --debate ID (--api URL | --data-dir D) --out FILE [options]

Writes one self-contained HTML page (inline SVG and CSS, no scripts) of a debate: the seismograph,
the night's biggest moves with the words behind each (word shifts), each candidate's most positive
and most negative post, the top hashtags, and the figures behind every chart as tables.

A move is the change in a candidate's mean score between two consecutive clock-aligned windows of
--move-window, both holding at least --min-posts posts; the largest are shown.

Options:
  --debate ID        the debate's id (its config's "id")
  --api URL          a running query API, e.g. the URL trendoff local prints, or a deployment's
  --data-dir D       or the data directory of a stopped trendoff local run (default there: .trendoff)
  --out FILE         the HTML file to write, e.g. night.html
  --step DUR         seismograph step (default 1m)
  --move-window DUR  window of a move (default 5m)
  --min-posts N      posts each window of a move needs (default ${DEFAULT_REPORT_OPTIONS.minPosts})
  --moves N          moves shown, each with its word shift (default ${DEFAULT_REPORT_OPTIONS.moves})
  -h, --help         show this help`;

export async function runReport(argv: string[], io: { stdout: Writable; stderr: Writable }): Promise<number> {
  const { values } = parseCommandArgs('report', argv, {
    debate: { type: 'string' },
    api: { type: 'string' },
    'data-dir': { type: 'string' },
    out: { type: 'string' },
    step: { type: 'string' },
    'move-window': { type: 'string' },
    'min-posts': { type: 'string' },
    moves: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(REPORT_HELP + '\n');
    return 0;
  }
  const debate = requireString('report', values, 'debate');
  const out = requireString('report', values, 'out');
  if ((values.api === undefined) === (values['data-dir'] === undefined)) {
    throw new UsageError('report', 'give exactly one of --api URL or --data-dir D');
  }
  const options = {
    ...DEFAULT_REPORT_OPTIONS,
    stepMs:
      values.step === undefined
        ? DEFAULT_REPORT_OPTIONS.stepMs
        : parseDuration('report', 'step', values.step),
    moveStepMs:
      values['move-window'] === undefined
        ? DEFAULT_REPORT_OPTIONS.moveStepMs
        : parseDuration('report', 'move-window', values['move-window']),
    minPosts: numberOption('report', values, 'min-posts', DEFAULT_REPORT_OPTIONS.minPosts, {
      min: 1,
      integer: true,
    }),
    moves: numberOption('report', values, 'moves', DEFAULT_REPORT_OPTIONS.moves, { min: 0, integer: true }),
  };
  let source: ReportSource | undefined;
  try {
    source =
      values.api !== undefined ? httpSource(values.api) : await dataDirSource(values['data-dir'] as string);
    const html = renderReport(await gatherReport(source.get, debate, options));
    try {
      fs.writeFileSync(out, html);
    } catch (err) {
      throw new InputError(`cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    io.stderr.write(`wrote ${out} (${Math.round(html.length / 1024)} KB)\n`);
    return 0;
  } catch (err) {
    if (err instanceof ReportError) throw new InputError(err.message);
    throw err;
  } finally {
    await source?.close();
  }
}
