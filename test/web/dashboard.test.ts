/**
 * The dashboard in a real browser: the bundle as built for users, served with a fake query API
 * on loopback, driven by Debian's Chromium through playwright-core. The tests share one page and
 * run in order (the page polls every 2 s; reloading per test would only add time).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchChromium, waitFor } from '../support/browser';
import {
  BUCKET_MS,
  CANDIDATES,
  DEBATE_ID,
  FIRST_BUCKET,
  HOSTILE_TEXT,
  newestPostAt,
  startFakeServer,
  type FakeServer,
} from './fake-api';

// The build script is plain JS (it runs before anything is compiled); type just what is used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildWeb } = require('../../scripts/build-web.js') as {
  buildWeb(options: { outDir: string }): Promise<{ outDir: string; files: string[] }>;
};

const SCREENSHOT = path.join(os.tmpdir(), 'trendoff-dashboard.png');
const WINDOW_MS = 30 * 60_000;

/** Vertices of an SVG path drawn with straight segments: one per M or L command. */
function vertices(d: string | null): number {
  return (d ?? '').match(/[ML]/g)?.length ?? 0;
}

describeInBrowser('dashboard', () => {
  let site: string;
  let server: FakeServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  const row = (id: string) => page.locator(`figure.row[data-candidate="${id}"]`);
  const meanPath = (id: string) => row(id).locator('path.mean');
  /** What the page should plot for a candidate, from the last series the API sent. */
  const served = (id: string) => {
    const points = server.lastSeries()?.series.find((s) => s.candidate === id)?.points ?? [];
    return {
      withMean: points.filter((p) => p.mean !== null).length,
      withPosts: points.filter((p) => p.count > 0).length,
    };
  };
  const linesMatchSeries = async (): Promise<boolean> => {
    for (const c of CANDIDATES) {
      if (vertices(await meanPath(c.id).getAttribute('d')) !== served(c.id).withMean) return false;
    }
    return true;
  };

  beforeAll(async () => {
    site = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-web-'));
    await buildWeb({ outDir: site });
    server = await startFakeServer(site, { buckets: 40, failing: false });
    // launch() gives every run a fresh temporary profile (user-data dir) and deletes it on close.
    browser = await launchChromium(['--disable-quic']);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) cspViolations.push(m.text());
    });
    await page.goto(server.url);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (site) fs.rmSync(site, { recursive: true, force: true });
  });

  it('GIVEN a debate of three candidates WHEN the page loads THEN it draws one row per candidate in config order', async () => {
    // WHEN
    await waitFor('every line to match the served series', linesMatchSeries, (ok) => ok);

    // THEN one figure per candidate, in config order, named and labelled for assistive tech
    const ids = await page
      .locator('figure.row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-candidate')));
    expect(ids).toEqual(CANDIDATES.map((c) => c.id));
    for (const c of CANDIDATES) {
      await expect(row(c.id).locator('figcaption .name').textContent()).resolves.toBe(c.name);
      await expect(row(c.id).locator('svg.row-chart').getAttribute('role')).resolves.toBe('img');
      await expect(row(c.id).locator('svg.row-chart > title').textContent()).resolves.toContain(c.name);
    }
    await expect(page.locator('#debate-title').textContent()).resolves.toBe('Test debate: three candidates');
  });

  it('GIVEN series with gaps WHEN drawn THEN each line has one vertex per non-empty point, with a band and one bar per non-empty point', async () => {
    // GIVEN carson's series has empty buckets (mean null), the others have none
    expect(served('carson').withMean).toBeLessThan(served('trump').withMean);

    // THEN
    for (const c of CANDIDATES) {
      const expected = served(c.id);
      expect(expected.withMean).toBeGreaterThan(0);
      expect(vertices(await meanPath(c.id).getAttribute('d'))).toBe(expected.withMean);
      await expect(row(c.id).locator('path.band').getAttribute('d')).resolves.toMatch(/^M/);
      await expect(row(c.id).locator('rect.bar').count()).resolves.toBe(expected.withPosts);
    }
    // A gap in the data is a gap in the line (a new M), not a line drawn across it.
    expect((await meanPath('carson').getAttribute('d'))?.match(/M/g)?.length).toBeGreaterThan(1);
  });

  it('GIVEN configured and missing colours WHEN drawn THEN rows use the config colour or a distinct fallback', async () => {
    // THEN
    await expect(meanPath('trump').getAttribute('stroke')).resolves.toBe('#d62728');
    await expect(meanPath('bush').getAttribute('stroke')).resolves.toBe('#1f77b4');
    const fallback = await meanPath('carson').getAttribute('stroke');
    expect(fallback).toMatch(/^#[0-9a-f]{6}$/);
    expect(['#d62728', '#1f77b4']).not.toContain(fallback);
  });

  it('GIVEN a debate a few minutes old WHEN polling THEN it asks /live for the 30-minute window, and shows it from the first post (not squeezed into 30 minutes) to just after the newest, at the base step', async () => {
    // THEN one request per poll for the followed window, the same URL for every viewer of the
    // debate; the map and the word shift ask their own, at the window's end
    const calls = server.requests.filter((u) => u.pathname.startsWith(`/api/debates/${DEBATE_ID}/`));
    expect(calls.length).toBeGreaterThan(0);
    expect(new Set(calls.map((u) => u.pathname))).toEqual(
      new Set(['live', 'geo', 'wordshift'].map((r) => `/api/debates/${DEBATE_ID}/${r}`)),
    );
    const q = calls.filter((u) => u.pathname.endsWith('/live')).pop()?.searchParams;
    expect(Number(q?.get('window'))).toBe(WINDOW_MS);
    // the points shown are those of the window the API followed
    const shown = server.lastSeries()?.series[0]?.points ?? [];
    const from = Date.parse(shown[0].t);
    const to = Date.parse(shown[shown.length - 1].t) + BUCKET_MS;
    const newest = newestPostAt(server.state);
    expect(to - from).toBeLessThan(WINDOW_MS);
    expect(from).toBe(FIRST_BUCKET);
    expect(newest).toBeGreaterThanOrEqual(to - BUCKET_MS);
    expect(newest).toBeLessThan(to);
  });

  it('GIVEN a steady state WHEN the page keeps polling THEN series asks only since the settled edge, and unchanged answers come back 304 without a body', async () => {
    // WHEN a few more polls pass with no new posts
    const before = server.sent.length;
    await waitFor(
      'two more polls',
      async () => server.sent.slice(before).filter((a) => a.url.pathname.endsWith('/live')).length,
      (n) => n >= 2,
    );

    // THEN the first poll had no since; every later one asks from the settled edge on
    const series = server.sent.filter((a) => a.url.pathname.endsWith('/live'));
    expect(series[0].url.searchParams.get('since')).toBeNull();
    const edge = Math.floor((newestPostAt(server.state) - 60_000) / BUCKET_MS) * BUCKET_MS;
    for (const a of series.slice(1)) {
      expect(a.url.searchParams.get('since')).toBe(String(edge));
      expect(a.url.searchParams.get('window')).toBe(String(WINDOW_MS));
    }
    // Nothing changed: a repeated URL is answered 304, no body; the one new URL, the first poll
    // since the settled edge, carries about a minute of steps, against the 200 s from the first
    // post at first (its extremes and hashtags are whole in every answer).
    const polled = server.sent.slice(before).filter((a) => a.url.pathname.startsWith('/api/'));
    expect(polled.length).toBeGreaterThanOrEqual(2);
    for (const a of polled) {
      if (a.status !== 304) {
        expect([a.url.pathname, a.status, a.url.searchParams.get('since')]).toEqual([
          `/api/debates/${DEBATE_ID}/live`,
          200,
          String(edge),
        ]);
        expect(a.bytes).toBeLessThan(series[0].bytes * 0.7);
      }
    }
    expect(polled.filter((a) => a.url.pathname.endsWith('/live') && a.status === 304).length).toBeGreaterThan(
      0,
    );
    // And the chart still shows the whole window.
    await waitFor('every line to match the served series', linesMatchSeries, (ok) => ok);
  });

  it('GIVEN extreme posts WHEN shown THEN their texts appear, and a post containing markup is shown as text, not run', async () => {
    // THEN
    await waitFor(
      'extremes to be filled',
      () => page.locator('[data-candidate="trump"] .extreme.positive .text').textContent(),
      (t) => t === `Donald Trump nailed it, update ${server.state.buckets}`,
    );
    await expect(
      page.locator('[data-candidate="carson"] .extreme.negative .text').textContent(),
    ).resolves.toBe(`Ben Carson was awful, update ${server.state.buckets}`);
    await expect(page.locator('[data-candidate="bush"] .extreme.negative .text').textContent()).resolves.toBe(
      HOSTILE_TEXT,
    );
    await expect(
      page.locator('[data-candidate="bush"] .extreme.negative .score').textContent(),
    ).resolves.toBe('\u22120.800');
    await expect(page.locator('#extremes-list img, #extremes-list script').count()).resolves.toBe(0);
    await expect(page.evaluate('typeof window.__pwned')).resolves.toBe('undefined');
  });

  it('GIVEN real, generated and hostile post links WHEN shown THEN only real posts link to X', async () => {
    // GIVEN the fake API: positive posts real, negative ones generated, Bush's negative a javascript: link
    const source = (candidate: string, kind: string) =>
      page.locator(`[data-candidate="${candidate}"] .extreme.${kind} a.source`);
    // THEN
    await expect(source('trump', 'positive').getAttribute('href')).resolves.toMatch(
      /^https:\/\/x\.com\/i\/web\/status\/9\d+$/,
    );
    await expect(source('trump', 'positive').textContent()).resolves.toBe('view on X');
    await expect(source('carson', 'negative').getAttribute('href')).resolves.toBeNull();
    await expect(source('carson', 'negative').textContent()).resolves.toBe('generated post, not on X');
    await expect(source('bush', 'negative').getAttribute('href')).resolves.toBeNull();
    await expect(page.locator('#extremes-list a[href^="javascript:"]').count()).resolves.toBe(0);
    // and the exported data carries the same links only
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export the extreme posts as CSV' }).click(),
    ]);
    const rows = fs.readFileSync(await download.path(), 'utf8').split('\r\n');
    expect(rows[0]).toBe('candidate,kind,score,id,url,text');
    const row = (candidate: string, kind: string) =>
      rows.find((r) => r.startsWith(`${candidate},${kind},`)) ?? '';
    expect(row('trump', 'most positive').split(',')[4]).toMatch(/^https:\/\/x\.com\/i\/web\/status\/9\d+$/);
    expect(row('carson', 'most negative').split(',')[4]).toBe('');
    expect(row('bush', 'most negative').split(',')[4]).toBe('');
    expect(rows.join('\n')).not.toContain('javascript:');
  });

  it('GIVEN the API has new posts WHEN the next poll comes THEN the chart updates in place with more points', async () => {
    // GIVEN
    const before = vertices(await meanPath('trump').getAttribute('d'));
    await page.evaluate(
      `document.querySelector('figure.row[data-candidate="trump"] path.mean').__original = true`,
    );

    // WHEN
    server.state.buckets = 90;

    // THEN
    const after = await waitFor(
      'the trump line to grow to the new series',
      async () => vertices(await meanPath('trump').getAttribute('d')),
      (n) => n === served('trump').withMean && n > before,
    );
    expect(after).toBe(90);
    await waitFor('every line to match the new series', linesMatchSeries, (ok) => ok);
    // Same element, new data: redrawn in place, not rebuilt (no flicker).
    await expect(
      page.evaluate(
        `document.querySelector('figure.row[data-candidate="trump"] path.mean').__original === true`,
      ),
    ).resolves.toBe(true);
    await expect(page.locator('figure.row').count()).resolves.toBe(CANDIDATES.length);
    await waitFor(
      'the extremes to follow',
      () => page.locator('[data-candidate="trump"] .extreme.positive .text').textContent(),
      (t) => t === 'Donald Trump nailed it, update 90',
    );
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });

  it('GIVEN the API fails WHEN polling THEN a visible error status says so, and it recovers when the API does', async () => {
    // GIVEN
    const status = page.locator('#status');
    const pointsBefore = vertices(await meanPath('trump').getAttribute('d'));

    // WHEN
    server.state.failing = true;

    // THEN the failure is shown plainly, and the last data stays on screen
    await waitFor(
      'an error status',
      () => status.getAttribute('data-state'),
      (s) => s === 'error',
    );
    expect(await status.isVisible()).toBe(true);
    await expect(status.textContent()).resolves.toMatch(/503.*store unavailable/);
    expect(vertices(await meanPath('trump').getAttribute('d'))).toBe(pointsBefore);

    // WHEN the API is back
    server.state.failing = false;
    server.state.buckets = 100;

    // THEN
    await waitFor(
      'the status to recover',
      () => status.getAttribute('data-state'),
      (s) => s === 'ok',
    );
    await expect(status.textContent()).resolves.toMatch(/newest post .* processing lag 1\.2 s/);
    await waitFor(
      'the chart to resume',
      async () => vertices(await meanPath('trump').getAttribute('d')),
      (n) => n === 100,
    );
  });

  it('GIVEN ?minutes=abc WHEN the page loads THEN it says plainly that the window length is unusable', async () => {
    // GIVEN
    const other = await browser.newPage();
    try {
      other.on('pageerror', (e) => pageErrors.push(e.message));
      // WHEN
      await other.goto(`${server.url}/?minutes=abc`);
      // THEN
      const notice = other.locator('#notice');
      await waitFor(
        'the notice',
        () => notice.isVisible(),
        (v) => v,
      );
      await expect(notice.textContent()).resolves.toBe(
        '?minutes=abc is not usable: give a number of minutes from 1 to 720. Showing the last 30 min.',
      );
      await expect(notice.getAttribute('role')).resolves.toBe('alert');
      // and a usable window shows none
      await page.goto(`${server.url}/?minutes=30`);
      expect(await page.locator('#notice').isVisible()).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('GIVEN the whole session THEN the page raised no script error and no Content-Security-Policy violation', () => {
    // THEN
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
