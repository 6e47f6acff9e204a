/**
 * The README's shell examples of deterministic commands (score, validate, generate and pipes of
 * them) are run as written, and the output a `# …` comment under a command shows is compared with
 * what the command prints (`[...]` and `…` stand for any text). Commands that need the network, AWS or
 * a long run are not examples this test can check and are left out.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildCli, CLI, ROOT } from '../support/cli';

beforeAll(buildCli);

interface Example {
  readonly line: number;
  readonly command: string;
  /** The lines shown under it as `# output`, if any. */
  readonly shown: string[];
}

const DETERMINISTIC = new Set(['score', 'validate', 'generate']);

/** Commands in ```sh blocks whose every `npx trendoff` stage is a deterministic command. */
function readmeExamples(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const out: Example[] = [];
  let inSh = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^```/.test(l)) {
      inSh = !inSh && /^```(sh|bash|shell)\s*$/.test(l);
      continue;
    }
    if (!inSh || l.startsWith('#') || !l.includes('npx trendoff ')) continue;
    const stages = [...l.matchAll(/npx trendoff (\S+)/g)].map((m) => m[1]!);
    if (!stages.every((s) => DETERMINISTIC.has(s))) continue;
    const shown: string[] = [];
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith('# '); j++) shown.push(lines[j]!.slice(2));
    out.push({ line: i + 1, command: l.replace(/\s+#.*$/, ''), shown });
  }
  return out;
}

function shownAsPattern(shown: readonly string[]): RegExp {
  const escaped = shown.map((s) =>
    s
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\\\[\\\.\\\.\\\.\\\]/g, '\\[.*\\]')
      .replace(/…/g, '.*'),
  );
  return new RegExp(`^${escaped.join('\\n')}\\n`);
}

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const examples = readmeExamples(README);

describe('README examples', () => {
  test('GIVEN the README WHEN its shell examples are read THEN the deterministic ones are found', () => {
    expect(examples.map((e) => e.command)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^echo .* \| npx trendoff score$/)]),
    );
    expect(examples.filter((e) => e.shown.length > 0).length).toBeGreaterThan(0);
  });

  test.each(examples.map((e) => [`README.md:${e.line}`, e] as const))(
    'GIVEN the example at %s WHEN run as written THEN it succeeds and prints what the README shows',
    (_where, e) => {
      const command = e.command.replace(/npx trendoff /g, `"${process.execPath}" "${CLI}" `);
      const r = spawnSync('bash', ['-o', 'pipefail', '-c', command], {
        cwd: ROOT,
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(r.stderr.toString('utf8')).toBe('');
      expect(r.status).toBe(0);
      const stdout = r.stdout.toString('utf8');
      expect(stdout.length).toBeGreaterThan(0);
      if (e.shown.length > 0) expect(stdout).toMatch(shownAsPattern(e.shown));
    },
  );
});
