/**
 * The dashboard as a person sees it, end to end: `trendoff local` replays a generated debate on
 * loopback (the real emulators, processor and API), and Debian's Chromium opens the page. One
 * `trendoff local` and one browser serve every test (they run in order); a second `trendoff local`
 * with no data at all shows the calm empty state. Screenshots of each view at desktop and phone
 * size go to test-output/dashboard/ (git-ignored).
 */
import { type ChildProcessWithoutNullStreams } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchChromium, waitFor } from '../support/browser';
import type {
  DebatesResponse,
  ExtremesResponse,
  GeoResponse,
  HashtagsResponse,
  HealthResponse,
  SeriesColumnsResponse,
  WordShiftResponse,
} from '../../lambda/core/api/contract';
import { buildCli, GOP, ROOT, runCli, spawnCli } from '../support/cli';

// The build script is plain JS (it runs before anything is compiled); type just what is used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildWeb } = require('../../scripts/build-web.js') as { buildWeb(): Promise<unknown> };

const SHOTS = path.join(ROOT, 'test-output', 'dashboard');
const AXE = require.resolve('axe-core/axe.min.js');
const REGIONS = [
  'Seismograph',
  'Most positive and most negative posts',
  'Word shift',
  'Trending hashtags',
  'Map',
  'Compare two users',
  'Time travel',
  'Health',
] as const;
/** Each view's section id (see web/index.html), for screenshots and phone tabs. */
const VIEWS: Readonly<Record<string, string>> = {
  Seismograph: 'view-seismograph',
  'Most positive and most negative posts': 'view-extremes',
  'Word shift': 'view-wordshift',
  'Trending hashtags': 'view-hashtags',
  Map: 'view-map',
  'Compare two users': 'view-compare',
  'Time travel': 'view-timetravel',
};
const MOMENTS = [
  { at: '2015-09-16T20:02:00-04:00', label: 'Opening statements' },
  { at: '2015-09-16T20:06:00-04:00', label: 'Immigration' },
];

/** A running `trendoff local` and its URL. */
interface Local {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  stderr(): string;
}

async function startLocal(args: readonly string[]): Promise<Local> {
  const child = spawnCli(['local', '--port', '0', ...args]);
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      const m = /dashboard and API at (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`trendoff local exited (${code}): ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}

async function stopLocal(local: Local | undefined): Promise<void> {
  if (local === undefined || local.child.exitCode !== null) return;
  const closed = new Promise((r) => local.child.on('close', r));
  local.child.kill('SIGTERM');
  await closed;
}

async function api<T>(base: string, route: string): Promise<T> {
  const r = await fetch(`${base}${route}`);
  if (!r.ok) throw new Error(`${route} answered ${r.status}: ${await r.text()}`);
  return (await r.json()) as T;
}

/**
 * The generated replay with the generated mark taken off the posts whose id has an odd digit sum (so
 * every copy of a post is treated alike), as an archive of X's stream holds real posts; the ids still
 * marked go into `generated`.
 */
function asHalfReal(lines: string, generated: Set<string>): string {
  return lines
    .split('\n')
    .map((line) => {
      let record: { data?: { id?: string }; trendoff_synthetic?: boolean };
      try {
        record = JSON.parse(line) as typeof record;
      } catch {
        return line; // the generator's deliberately malformed lines stay as they are
      }
      const id = record.data?.id;
      if (id === undefined || record.trendoff_synthetic !== true) return line;
      if ([...id].reduce((sum, d) => sum + Number(d), 0) % 2 === 0) {
        generated.add(id);
        return line;
      }
      delete record.trendoff_synthetic;
      return JSON.stringify(record);
    })
    .join('\n');
}

/** The score as the page writes it: sign, three decimals, a real minus. */
function shown(score: number): string {
  const text = Math.abs(score).toFixed(3);
  if (Number(text) === 0) return text;
  return `${score < 0 ? '\u2212' : '+'}${text}`;
}

describeInBrowser('dashboard on trendoff local', () => {
  let dir: string;
  let local: Local;
  let empty: Local | undefined;
  let browser: Browser;
  let page: Page;
  let debate: DebatesResponse['debates'][number];
  let handles: [string, string];
  /** Post ids the replay still marks as generated (the others stand for real posts). */
  const generatedIds = new Set<string>();
  const problems: string[] = [];

  const watch = (p: Page): void => {
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
  };
  /** The window the seismograph shows, from its data attributes. */
  const shownWindow = async (p: Page = page) => {
    const g = p.locator('.seismograph');
    return {
      from: Number(await g.getAttribute('data-from')),
      to: Number(await g.getAttribute('data-to')),
      step: Number(await g.getAttribute('data-step')),
    };
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-local-web-'));
    buildCli();
    await buildWeb();
    const config = { ...JSON.parse(fs.readFileSync(GOP, 'utf8')), moments: MOMENTS };
    const configFile = path.join(dir, 'debate.json');
    fs.writeFileSync(configFile, JSON.stringify(config));
    const gen = runCli([
      'generate',
      '--debate',
      configFile,
      '--minutes',
      '8',
      '--rate',
      '12',
      '--seed',
      'web',
    ]);
    if (gen.status !== 0) throw new Error(gen.stderr);
    const replay = path.join(dir, 'replay.jsonl');
    fs.writeFileSync(replay, asHalfReal(gen.stdout, generatedIds));
    handles = topAuthors(gen.stdout);

    const emptyDir = path.join(dir, 'empty');
    fs.mkdirSync(emptyDir);
    [local, empty] = await Promise.all([
      startLocal([
        '--debate',
        configFile,
        '--source',
        'replay',
        '--input',
        replay,
        '--speed',
        'max',
        '--memory',
      ]),
      startLocal(['--debate', configFile, '--source', 'none', '--data-dir', emptyDir]),
    ]);
    const lines = gen.stdout.trim().split('\n').length;
    await waitFor(
      'the replay to be processed',
      () => api<HealthResponse>(local.url, '/health'),
      (h) => h.pipeline?.waiting === 0 && /source has ended/.test(local.stderr()),
      120_000,
    );
    expect(lines).toBeGreaterThan(1000);
    debate = (await api<DebatesResponse>(local.url, '/debates')).debates[0];

    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    watch(page);
    await page.goto(local.url);
    await waitFor(
      'every row to have a latest value',
      () => page.locator('figure.row[data-last-mean]').count(),
      (n) => n === debate.candidates.length,
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([stopLocal(local), stopLocal(empty)]);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN the replayed debate WHEN the page loads THEN every view is a landmark region with its name', async () => {
    for (const name of REGIONS) {
      await expect(page.getByRole('region', { name, exact: true }).count()).resolves.toBe(1);
    }
    await expect(page.locator('#banner').isVisible()).resolves.toBe(false);
    await expect(page.locator('#status').textContent()).resolves.toMatch(
      /^newest post .* · processing lag \d+(\.\d)? (ms|s) · last processed .* ago · updated /,
    );
  });

  it("GIVEN the page WHEN drawn THEN there is one series per candidate, in config order, whose last value is the API's", async () => {
    const w = await shownWindow();
    const ids = await page
      .locator('figure.row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-candidate')));
    expect(ids).toEqual(debate.candidates.map((c) => c.id));
    const answer = await api<SeriesColumnsResponse>(
      local.url,
      `/debates/${debate.id}/series?from=${w.from}&to=${w.to}&step=${w.step}&format=columns`,
    );
    for (const s of answer.series) {
      const last = [...s.mean].reverse().find((m) => m !== null);
      const row = page.locator(`figure.row[data-candidate="${s.candidate}"]`);
      expect(Number(await row.getAttribute('data-last-mean'))).toBe(last);
      await expect(row.locator('.readout').textContent()).resolves.toContain(`latest ${shown(last ?? 0)}`);
    }
    // The shared time axis is on screen, labelled, above the first row.
    const axis = page.locator('svg.time-axis');
    expect(await axis.isVisible()).toBe(true);
    expect((await axis.locator('.tick').count()) > 2).toBe(true);
    // The debate's moments are marked.
    await expect(axis.locator('.moment-label').allTextContents()).resolves.toEqual(
      MOMENTS.map((m) => `▾ ${m.label}`),
    );
    // Each volume strip is labelled with what it counts and its range.
    await expect(
      page.locator('figure.row').first().locator('text.volume-label').textContent(),
    ).resolves.toMatch(/^posts per 5 s \(0–\d+\)$/);
  });

  it("GIVEN the window shown WHEN the extremes are read THEN they are the API's for that window", async () => {
    const w = await shownWindow();
    const answer = await api<ExtremesResponse>(
      local.url,
      `/debates/${debate.id}/extremes?from=${w.from}&to=${w.to}`,
    );
    for (const e of answer.extremes) {
      const card = page.locator(`#extremes-list [data-candidate="${e.candidate}"]`);
      for (const [kind, post] of [
        ['positive', e.mostPositive],
        ['negative', e.mostNegative],
      ] as const) {
        await expect(card.locator(`.extreme.${kind} .text`).textContent()).resolves.toBe(
          post?.text ?? 'no posts in view',
        );
        await expect(card.locator(`.extreme.${kind} .score`).textContent()).resolves.toBe(
          post ? shown(post.score) : '',
        );
        // The words that drove the score are marked, as the API rates them.
        await expect(card.locator(`.extreme.${kind} .text mark`).allTextContents()).resolves.toEqual(
          (post?.words ?? []).map((w) => post?.text.slice(w.start, w.end)),
        );
      }
    }
  });

  it('GIVEN a replay of real and generated posts WHEN the extremes are shown THEN only real posts link to X', async () => {
    const w = await shownWindow();
    const answer = await api<ExtremesResponse>(
      local.url,
      `/debates/${debate.id}/extremes?from=${w.from}&to=${w.to}`,
    );
    const seen = { real: 0, generated: 0 };
    for (const e of answer.extremes) {
      for (const [kind, post] of [
        ['positive', e.mostPositive],
        ['negative', e.mostNegative],
      ] as const) {
        if (post === null) continue;
        const link = page.locator(
          `#extremes-list [data-candidate="${e.candidate}"] .extreme.${kind} a.source`,
        );
        const generated = generatedIds.has(post.id);
        seen[generated ? 'generated' : 'real']++;
        // THEN the API links exactly the real posts, and the page shows what it answered
        expect([post.id, post.url]).toEqual([
          post.id,
          generated ? null : `https://x.com/i/web/status/${post.id}`,
        ]);
        await expect(link.getAttribute('href')).resolves.toBe(post.url);
        await expect(link.textContent()).resolves.toBe(generated ? 'generated post, not on X' : 'view on X');
      }
    }
    expect(seen.real).toBeGreaterThan(0);
    expect(seen.generated).toBeGreaterThan(0);
  });

  it("GIVEN the window shown WHEN hashtags, map and word shift are read THEN they are the API's", async () => {
    const w = await shownWindow();
    const tags = await api<HashtagsResponse>(
      local.url,
      `/debates/${debate.id}/hashtags?at=${Date.parse(debate.lastPostAt ?? '')}&window=600000&limit=10`,
    );
    expect(tags.hashtags.length).toBeGreaterThan(0);
    await waitFor(
      'the hashtags',
      () => page.locator('#hashtags text.tag-name').allTextContents(),
      (t) => t.join() === tags.hashtags.map((h) => `#${h.tag}`).join(),
    );
    const geo = await api<GeoResponse>(
      local.url,
      `/debates/${debate.id}/geo?from=${w.to - 600_000}&to=${w.to}`,
    );
    expect(geo.posts.length).toBeGreaterThan(0);
    await expect(page.locator('#map circle.ping').count()).resolves.toBe(geo.posts.length);
    await expect(page.locator('#map path.land').getAttribute('d')).resolves.toMatch(/^M/);
    const candidate = debate.candidates[0].id;
    const shift = await api<WordShiftResponse>(
      local.url,
      `/debates/${debate.id}/wordshift?candidate=${candidate}&from=${w.to - 60_000}&to=${w.to}&reference=previous&limit=30`,
    );
    const words = await page.locator('#wordshift g.shift-word text').allTextContents();
    expect(words).toEqual(
      shift.words.slice(0, 15).map((x) => `${x.word} ${x.kind.endsWith('up') ? '↑' : '↓'}`),
    );
  });

  it('GIVEN two authors WHEN compared THEN grouped bars show the words both used, as the API counts them', async () => {
    const view = page.getByRole('region', { name: 'Compare two users', exact: true });
    await view.getByLabel('User 1').fill(`@${handles[0]}`);
    await view.getByLabel('User 2').fill(handles[1]);
    await view.getByRole('button', { name: 'Compare' }).click();
    const answer = await api<{ shared: { word: string; counts: [number, number] }[] }>(
      local.url,
      `/debates/${debate.id}/compare?users=${handles.join(',')}`,
    );
    const expected = answer.shared.slice(0, 12).map((s) => s.word);
    await waitFor(
      'the comparison',
      () => page.locator('#compare text.word-name').allTextContents(),
      (t) => t.join() === expected.join(),
    );
    await expect(page.locator('#compare rect.user-bar').count()).resolves.toBe(expected.length * 2);
  });

  it('GIVEN the scrubber WHEN moved to the first minute THEN every view shows that minute; Live returns to the head', async () => {
    const live = await shownWindow();
    const scrubber = page.getByRole('slider', { name: 'Minute shown' });
    await scrubber.focus();
    await page.keyboard.press('Home');
    const past = await waitFor(
      'the window to move back',
      () => shownWindow(),
      (w) => w.to < live.to,
    );
    const firstPost = Date.parse(debate.firstPostAt ?? '');
    expect(past.to).toBeLessThanOrEqual(firstPost + 65_000);
    await expect(page.getByRole('button', { name: 'Live' }).getAttribute('aria-pressed')).resolves.toBe(
      'false',
    );
    // The extremes follow the same window.
    const answer = await api<ExtremesResponse>(
      local.url,
      `/debates/${debate.id}/extremes?from=${past.from}&to=${past.to}`,
    );
    const first = answer.extremes[0];
    await waitFor(
      'the extremes of that minute',
      () =>
        page
          .locator(`#extremes-list [data-candidate="${first.candidate}"] .extreme.positive .text`)
          .textContent(),
      (t) => t === (first.mostPositive?.text ?? 'no posts in view'),
    );
    await page.getByRole('button', { name: 'Live' }).click();
    await waitFor(
      'the window to follow the head again',
      () => shownWindow(),
      (w) => w.to === live.to,
    );
  });

  it('GIVEN a step of 1 min WHEN chosen THEN the series comes at that step', async () => {
    await page.getByLabel('Step').selectOption({ label: '1 min' });
    await waitFor(
      'a 1-minute step',
      () => shownWindow(),
      (w) => w.step === 60_000,
    );
    await page.getByLabel('Step').selectOption({ label: '5 s' });
    await waitFor(
      'the 5 s step',
      () => shownWindow(),
      (w) => w.step === 5000,
    );
  });

  it('GIVEN a candidate hidden and another moved up WHEN arranged THEN the rows follow', async () => {
    const [a, b] = debate.candidates;
    await page.locator('summary', { hasText: 'Candidates' }).click();
    await page.getByRole('button', { name: `Move ${b.name} up` }).click();
    await page.getByRole('checkbox', { name: a.name }).uncheck();
    const ids = await page
      .locator('figure.row:visible')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-candidate')));
    expect(ids[0]).toBe(b.id);
    expect(ids).not.toContain(a.id);
    await page.getByRole('checkbox', { name: a.name }).check();
    await page.getByRole('button', { name: `Move ${a.name} up` }).click();
    await page.locator('summary', { hasText: 'Candidates' }).click();
  });

  it('GIVEN the seismograph WHEN exported THEN CSV holds its data and SVG its picture', async () => {
    const view = page.getByRole('region', { name: 'Seismograph', exact: true });
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      view.getByRole('button', { name: 'Export the seismograph as CSV' }).click(),
    ]);
    const text = fs.readFileSync(await csv.path(), 'utf8');
    expect(csv.suggestedFilename()).toBe(`${debate.id}-seismograph.csv`);
    expect(text.split('\r\n')[0]).toBe('time,candidate,posts,mean,sd');
    expect(text.split('\r\n').length).toBeGreaterThan(debate.candidates.length * 10);
    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      view.getByRole('button', { name: 'Export the seismograph as SVG' }).click(),
    ]);
    const picture = fs.readFileSync(await svg.path(), 'utf8');
    expect(picture).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((picture.match(/class="mean"/g) ?? []).length).toBe(debate.candidates.length);
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      view.getByRole('button', { name: 'Export the seismograph as PNG' }).click(),
    ]);
    expect(
      fs
        .readFileSync(await png.path())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('GIVEN the page WHEN checked with axe-core THEN there is no serious or critical violation, on desktop and phone', async () => {
    const check = async (p: Page): Promise<string[]> => {
      await p.evaluate(fs.readFileSync(AXE, 'utf8'));
      const result = (await p.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
        violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
      };
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    };
    expect(await check(page)).toEqual([]);
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      watch(phone);
      await phone.goto(local.url);
      await phone.locator('figure.row[data-last-mean]').first().waitFor();
      expect(await check(phone)).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('GIVEN a desktop and a phone WHEN each view is shown THEN it is screenshotted; on the phone the views are tabs', async () => {
    for (const [name, id] of Object.entries(VIEWS)) {
      await page.locator(`#${id}`).screenshot({ path: path.join(SHOTS, `desktop-${id}.png`) });
      expect(fs.statSync(path.join(SHOTS, `desktop-${id}.png`)).size).toBeGreaterThan(2000);
      expect(name).toBeTruthy();
    }
    await page.screenshot({ path: path.join(SHOTS, 'desktop.png') });
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      watch(phone);
      await phone.goto(local.url);
      await phone.locator('figure.row[data-last-mean]').first().waitFor();
      const tabs = phone.getByRole('navigation', { name: 'Views' });
      expect(await tabs.isVisible()).toBe(true);
      for (const [name, id] of Object.entries(VIEWS)) {
        await tabs.locator(`button[aria-controls="${id}"]`).click();
        // Only the chosen view is on the page: no scrolling past eleven charts to reach it.
        const visible = await phone
          .locator('section.view')
          .evaluateAll((els) =>
            els
              .filter((e) => (e as unknown as { offsetParent: unknown }).offsetParent !== null)
              .map((e) => e.id),
          );
        expect(visible).toEqual([id]);
        await phone.screenshot({ path: path.join(SHOTS, `phone-${id}.png`), fullPage: true });
        expect(name).toBeTruthy();
      }
      // The extremes are one tab away, not below every chart.
      await tabs.getByRole('button', { name: 'Posts' }).click();
      const box = await phone.locator('#view-extremes').boundingBox();
      expect(box?.y ?? Infinity).toBeLessThan(844);
    } finally {
      await phone.close();
    }
  });

  it('GIVEN the local pipeline paused WHEN the page polls THEN the stalled banner appears, and goes when it resumes', async () => {
    const banner = page.locator('#banner');
    local.child.kill('SIGUSR2');
    await waitFor(
      'the stalled banner',
      () => banner.isVisible(),
      (v) => v,
    );
    await expect(banner.textContent()).resolves.toMatch(/^Pipeline stalled: processing is paused/);
    await expect(banner.getAttribute('role')).resolves.toBe('alert');
    await page.locator('#health').screenshot({ path: path.join(SHOTS, 'desktop-health-stalled.png') });
    local.child.kill('SIGUSR2');
    await waitFor(
      'the banner to go',
      () => banner.isVisible(),
      (v) => !v,
    );
  });

  it('GIVEN ?debate=nope WHEN opened THEN it lists the debates that exist, calmly', async () => {
    const other = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      watch(other);
      await other.goto(`${local.url}/?debate=nope`);
      const box = other.locator('#empty');
      await waitFor(
        'the list of debates',
        () => box.isVisible(),
        (v) => v,
      );
      await expect(box.locator('p').first().textContent()).resolves.toBe(
        'There is no debate "nope". Pick one of these:',
      );
      await expect(box.getByRole('link').allTextContents()).resolves.toEqual([
        `${debate.title} (${debate.id})`,
      ]);
      await expect(other.locator('#banner').isVisible()).resolves.toBe(false);
      await expect(other.locator('#status').getAttribute('data-state')).resolves.not.toBe('error');
    } finally {
      await other.close();
    }
  });

  it('GIVEN a pipeline with no data WHEN opened THEN the page says so calmly and what to do, with no alarm', async () => {
    const other = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      watch(other);
      await other.goto(empty?.url ?? '');
      const box = other.locator('#empty');
      await waitFor(
        'the empty state',
        () => box.isVisible(),
        (v) => v,
      );
      await expect(box.textContent()).resolves.toMatch(
        /^No debate has data yet\.The API is up and waiting\. Start a source/,
      );
      await expect(other.locator('#banner').isVisible()).resolves.toBe(false);
      await expect(other.locator('#status').getAttribute('data-state')).resolves.not.toBe('error');
      await expect(other.getByRole('region', { name: 'Health', exact: true }).isVisible()).resolves.toBe(
        true,
      );
      await other.screenshot({ path: path.join(SHOTS, 'desktop-empty.png') });
    } finally {
      await other.close();
    }
  });

  it('GIVEN the whole session THEN no page raised a script error or logged a console error', () => {
    expect(problems).toEqual([]);
  });
});

/** The two authors with most posts in a generated replay (X API v2 lines). */
function topAuthors(jsonl: string): [string, string] {
  const counts = new Map<string, number>();
  for (const line of jsonl.trim().split('\n')) {
    const o = JSON.parse(line) as {
      data: { author_id: string };
      includes?: { users?: { id: string; username: string }[] };
    };
    const user = o.includes?.users?.find((u) => u.id === o.data.author_id)?.username;
    if (user !== undefined) counts.set(user.toLowerCase(), (counts.get(user.toLowerCase()) ?? 0) + 1);
  }
  const [a, b] = [...counts].sort((x, y) => y[1] - x[1]);
  return [a[0], b[0]];
}
