import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../support/cli';

const BOOTSTRAP = path.join(ROOT, 'bootstrap');

describe('bootstrap/', () => {
  test('GIVEN the bootstrap shell scripts WHEN checked with shellcheck THEN there is no finding', () => {
    // GIVEN
    const scripts = fs.readdirSync(BOOTSTRAP).filter((f) => f.endsWith('.sh'));
    expect(scripts.length).toBeGreaterThan(0);
    // WHEN
    const r = spawnSync('shellcheck', ['--severity=style', ...scripts], { cwd: BOOTSTRAP, encoding: 'utf8' });
    // THEN (CI installs shellcheck with apt-get; a missing one fails here rather than passing unseen)
    if (r.error) throw new Error(`shellcheck did not run: ${r.error.message}`);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('GIVEN the bootstrap scripts WHEN read THEN each is strict and never uses the retired run-if action', () => {
    for (const f of fs.readdirSync(BOOTSTRAP).filter((x) => x.endsWith('.sh'))) {
      const text = fs.readFileSync(path.join(BOOTSTRAP, f), 'utf8');
      expect(text).toMatch(/^set -euo pipefail$/m);
      const code = text.split('\n').filter((l) => !/^\s*#/.test(l));
      expect(code.filter((l) => l.includes('run-if'))).toEqual([]);
    }
  });

  test('GIVEN the re-analysis job WHEN its Python unit tests run THEN they all pass', () => {
    const r = spawnSync('python3', ['-m', 'unittest', 'discover', '-s', 'bootstrap/tests'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    if (r.error) throw new Error(`python3 did not run: ${r.error.message}`);
    expect(`${r.status}\n${r.stderr}`).toMatch(/^0\n[\s\S]*\nOK\s*$/);
  });
});
