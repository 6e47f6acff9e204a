/**
 * What the browser tests share: Debian's chromium (Playwright cannot download its own here), a
 * `describe` that reports itself skipped with the reason when chromium is missing (CI fails on a
 * skip), the launch flags, and a wait that says what it waited for.
 */
import * as fs from 'fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);

/** `describe` when chromium is installed, else a skip whose name says why. */
export function describeInBrowser(name: string, body: () => void): void {
  if (HAVE_CHROMIUM) {
    describe(name, body);
    return;
  }
  const why = `${CHROMIUM} not found (install Debian's chromium package)`;
  process.stderr.write(`${name} SKIPPED: ${why}\n`);
  describe.skip(`${name} (SKIPPED: ${why})`, body);
}

/**
 * Headless chromium, quiet: no sandbox (tests run as root), no GPU, no background traffic. Each
 * launch gets a fresh temporary profile, deleted on close.
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** Polls `probe` until `ok` holds; fails with the last value seen, so a timeout says what was wrong. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  return last;
}
