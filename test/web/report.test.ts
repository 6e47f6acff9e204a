/**
 * The report in a real browser: a debate's report, as `trendoff report` writes it, opened from disk
 * in Debian's Chromium through playwright-core with JavaScript off and every network request
 * refused, to check that it reads on its own and shows the figures it was made from.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchChromium } from '../support/browser';
import { createQueryApi } from '../../lambda/core/api/routes';
import { gatherReport, type ReportData } from '../../lib/report/gather';
import { candidateTotals, renderReport } from '../../lib/report/render-report';
import { handlerGet } from '../../lib/report/sources';
import { buildDebateFixture } from '../api/debate-fixture';

const SCREENSHOT = path.join(os.tmpdir(), 'trendoff-report.png');
/** The top of the page (title, seismograph, first move): the README's picture. */
const SCREENSHOT_TOP = path.join(os.tmpdir(), 'trendoff-report-top.png');

describeInBrowser('the report in a browser', () => {
  let browser: Browser;
  let page: Page;
  let data: ReportData;
  const requests: string[] = [];

  beforeAll(async () => {
    const fx = await buildDebateFixture(30, 4, 'report-browser');
    const api = createQueryApi({ store: fx.store, archive: fx.archive });
    const gathered = await gatherReport(handlerGet(api), fx.meta.id);
    // A moment as the debate config would list it.
    data = { ...gathered, moments: [{ at: gathered.from + 12 * 60_000, label: 'Question on immigration' }] };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-report-')), 'night.html');
    fs.writeFileSync(file, renderReport(data));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 }, javaScriptEnabled: false });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${file}`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('GIVEN the page WHEN read THEN every part is a named region and nothing but the file was loaded', async () => {
    for (const name of [
      'Seismograph',
      'Biggest moves and the words behind them',
      'Most positive and most negative posts',
      'Top hashtags',
      'Figures',
    ]) {
      await expect(page.getByRole('region', { name, exact: true }).isVisible()).resolves.toBe(true);
    }
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  });

  test('GIVEN the seismograph WHEN drawn THEN one row per candidate, a move marker per move and the moment line', async () => {
    const seismo = page.getByRole('region', { name: 'Seismograph' });
    await expect(seismo.locator('svg.seismograph g.row').count()).resolves.toBe(data.series.length);
    await expect(seismo.locator('g.move').count()).resolves.toBe(data.moves.length);
    await expect(seismo.locator('g.moment').count()).resolves.toBe(1);
    await expect(seismo.locator('.moments li').innerText()).resolves.toContain('Question on immigration');
    const box = await seismo.locator('svg.seismograph').boundingBox();
    expect(box!.width).toBeGreaterThan(900);
  });

  test('GIVEN the figures WHEN read THEN each candidate row shows the posts and mean the report was made from', async () => {
    const rows = page.locator('table.totals-table tbody tr');
    const totals = candidateTotals(data);
    await expect(rows.count()).resolves.toBe(totals.length);
    for (const [i, t] of totals.entries()) {
      const cells = await rows.nth(i).locator('td').allInnerTexts();
      expect(Number(cells[1].replace(/\s/g, ''))).toBe(t.posts);
      expect(Number(cells[2].replace('−', '-'))).toBeCloseTo(t.mean!, 3);
    }
  });

  test('GIVEN the moves WHEN read THEN each has its word-shift graph and a table of its words', async () => {
    const stories = page.locator('article.move-story');
    await expect(stories.count()).resolves.toBe(data.moves.length);
    for (const [i, m] of data.moves.entries()) {
      const story = stories.nth(i);
      await expect(story.locator('svg.word-shift g.shift-row').count()).resolves.toBe(
        5 + m.shift.words.length,
      );
      const words = await story.locator('table.shift-table tbody tr td:first-child').allInnerTexts();
      expect(words).toEqual(m.shift.words.map((w) => w.word));
    }
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.screenshot({ path: SCREENSHOT_TOP, clip: { x: 0, y: 0, width: 1100, height: 1250 } });
  });
});
