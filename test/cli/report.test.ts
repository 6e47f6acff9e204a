import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bucketStart } from '../../lambda/core/aggregate';
import { createQueryApi } from '../../lambda/core/api/routes';
import { startApiServer, type ApiServer } from '../../lib/local/api-server';
import { gatherReport, type ReportData } from '../../lib/report/gather';
import { biggestMoves, type CandidateSteps } from '../../lib/report/moves';
import { candidateTotals, renderReport } from '../../lib/report/render-report';
import { handlerGet } from '../../lib/report/sources';
import { buildDebateFixture, type DebateFixture } from '../api/debate-fixture';
import { buildCli, runCliAsync } from '../support/cli';
import { intIn, mulberry32 } from '../support/prng';

const ID = 'gop-2015-09-16';
const MOVE_MS = 5 * 60_000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-report-'));

let fx: DebateFixture;
let data: ReportData;
let server: ApiServer;

beforeAll(async () => {
  buildCli();
  fx = await buildDebateFixture(30, 4, 'report-tests');
  const api = createQueryApi({ store: fx.store, archive: fx.archive });
  data = await gatherReport(handlerGet(api), ID);
  server = await startApiServer({ handler: api, port: 0 });
});
afterAll(async () => {
  await server.close();
});

async function run(argv: string[]): Promise<{ code: number | null; stderr: string }> {
  const r = await runCliAsync(argv);
  return { code: r.status, stderr: r.stderr };
}

describe('biggestMoves', () => {
  test.each([1, 2, 3, 4])(
    'GIVEN random series (seed %i) WHEN ranked THEN the moves are the brute-force largest changes between consecutive steps with enough posts',
    (seed) => {
      // GIVEN
      const rng = mulberry32(seed);
      const series: CandidateSteps[] = ['a', 'b', 'c'].map((candidate) => ({
        candidate,
        points: Array.from({ length: 30 }, (_, i) => {
          const count = intIn(rng, 0, 60);
          // Some steps missing: they must not pair across the gap.
          return { t: (i + (i > 20 ? 1 : 0)) * 1000, count, mean: count === 0 ? null : rng() * 2 - 1 };
        }),
      }));
      // WHEN
      const moves = biggestMoves(series, { stepMs: 1000, minPosts: 20, limit: 5 });
      // THEN every pair by brute force, sorted by |change|
      const all: { c: string; t: number; change: number }[] = [];
      for (const s of series) {
        for (const a of s.points) {
          const b = s.points.find((p) => p.t === a.t + 1000);
          if (b === undefined || a.count < 20 || b.count < 20) continue;
          all.push({ c: s.candidate, t: b.t, change: b.mean! - a.mean! });
        }
      }
      all.sort((x, y) => Math.abs(y.change) - Math.abs(x.change));
      expect(moves.map((m) => [m.candidate, m.after.from, m.change])).toEqual(
        all.slice(0, 5).map((x) => [x.c, x.t, x.change]),
      );
    },
  );
});

describe('gatherReport', () => {
  test('GIVEN a processed debate WHEN gathered THEN totals, moves, hashtags and extremes equal the brute-force figures from its posts', () => {
    const posts = (c: string, from = -Infinity, to = Infinity) =>
      fx.scored.filter((s) => s.candidates.includes(c) && s.createdAt >= from && s.createdAt < to);
    // Totals per candidate
    for (const t of candidateTotals(data)) {
      const ps = posts(t.candidate);
      expect([t.candidate, t.posts]).toEqual([t.candidate, ps.length]);
      if (ps.length > 0) expect(t.mean).toBeCloseTo(ps.reduce((a, p) => a + p.score, 0) / ps.length, 3);
      expect(t.pos + t.neu + t.neg).toBe(ps.length);
    }
    // Moves: clock-aligned 5-minute windows, both with ≥ 30 posts, largest |change| first
    const brute: { c: string; t: number; change: number }[] = [];
    const first = bucketStart(Math.min(...fx.scored.map((s) => s.createdAt)), MOVE_MS);
    const last = Math.max(...fx.scored.map((s) => s.createdAt));
    for (const c of fx.meta.candidates.map((x) => x.id)) {
      for (let t = first + MOVE_MS; t <= last; t += MOVE_MS) {
        const a = posts(c, t - MOVE_MS, t);
        const b = posts(c, t, t + MOVE_MS);
        if (a.length < 30 || b.length < 30) continue;
        const mean = (ps: typeof a) => ps.reduce((x, p) => x + p.score, 0) / ps.length;
        brute.push({ c, t, change: mean(b) - mean(a) });
      }
    }
    brute.sort((x, y) => Math.abs(y.change) - Math.abs(x.change));
    expect(data.moves.length).toBe(3);
    data.moves.forEach(({ move, shift }, i) => {
      expect([move.candidate, move.after.from]).toEqual([brute[i].c, brute[i].t]);
      expect(move.change).toBeCloseTo(brute[i].change, 9);
      // Its word shift is of the move's window against the window before.
      expect([shift.candidate, Date.parse(shift.from), Date.parse(shift.reference.from)]).toEqual([
        move.candidate,
        move.after.from,
        move.before.from,
      ]);
      expect(shift.posts).toEqual({ reference: move.before.count, comparison: move.after.count });
    });
    // Hashtags over the whole night, per candidate mention
    const tags = new Map<string, number>();
    for (const s of fx.scored) {
      for (const tag of new Set(s.hashtags)) tags.set(tag, (tags.get(tag) ?? 0) + new Set(s.candidates).size);
    }
    const top = [...tags].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 20);
    expect(data.hashtags).toEqual(top.map(([tag, count]) => ({ tag, count })));
    // Extremes: the best and worst score of each candidate's posts
    for (const e of data.extremes) {
      const scores = posts(e.candidate).map((p) => p.score);
      expect(e.mostPositive?.score).toBe(Math.max(...scores));
      expect(e.mostNegative?.score).toBe(Math.min(...scores));
    }
  });
});

describe('renderReport', () => {
  test('GIVEN the gathered report WHEN rendered THEN one page without scripts or outside resources, every region and candidate, texts escaped', () => {
    // GIVEN a post text that is markup
    const hostile = '<img src=x onerror=alert(1)> & "quotes"';
    const first = data.extremes[0];
    const withHostile: ReportData = {
      ...data,
      extremes: [
        { ...first, mostPositive: { ...first.mostPositive!, text: hostile } },
        ...data.extremes.slice(1),
      ],
      moments: [{ at: data.from + 10 * 60_000, label: 'Question <on> immigration' }],
    };
    // WHEN
    const html = renderReport(withHostile);
    // THEN
    expect(html).not.toMatch(/<script|<link|src=["']?http|@import|url\(/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
    expect(html).not.toContain(hostile);
    for (const title of [
      'Seismograph',
      'Biggest moves and the words behind them',
      'Most positive and most negative posts',
      'Top hashtags',
      'Figures',
    ]) {
      expect(html).toContain(`>${title}</h2>`);
    }
    for (const c of fx.meta.candidates) expect(html).toContain(`data-candidate="${c.id}"`);
    expect(html).toContain('Question &lt;on&gt; immigration');
    expect(html.match(/<g class="moment">/g)).toHaveLength(1);
  });
});

describe('renderReport links', () => {
  test('GIVEN extremes of real and generated posts WHEN rendered THEN real posts link to X, generated ones say they are not on X, and no other address is linked', () => {
    // GIVEN the fixture's night: every other post without the generated mark, as X sends it
    const generated = new Map(fx.tweets.map((t) => [t.id, t.synthetic === true]));
    const posts = data.extremes.flatMap((e) => [e.mostPositive, e.mostNegative]).filter((p) => p !== null);
    const first = data.extremes[0];
    const hostile: ReportData = {
      ...data,
      extremes: [{ ...first, mostPositive: { ...first.mostPositive!, url: 'javascript:alert(1)' } }],
    };
    // WHEN
    const html = renderReport(data);
    // THEN
    const kinds = new Set(posts.map((p) => generated.get(p.id)));
    expect(kinds).toEqual(new Set([true, false]));
    for (const p of posts) {
      const link = `post <a href="https://x.com/i/web/status/${p.id}">${p.id}</a>`;
      const note = `post ${p.id} (generated, not on X)`;
      expect([p.id, html.includes(link), html.includes(note)]).toEqual(
        generated.get(p.id) ? [p.id, false, true] : [p.id, true, false],
      );
    }
    const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
    expect(links.every((href) => /^https:\/\/x\.com\/i\/web\/status\/\d+$/.test(href))).toBe(true);
    expect(renderReport(hostile)).not.toMatch(/href="javascript/);
  });
});

describe('trendoff report', () => {
  test('GIVEN a running API WHEN report --api THEN the HTML file is written and the command says where', async () => {
    const out = path.join(tmp, 'night.html');
    const r = await run(['report', '--debate', ID, '--api', server.url, '--out', out]);
    expect([r.code, r.stderr]).toEqual([0, expect.stringMatching(/^wrote .*night\.html \(\d+ KB\)\n$/)]);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toBe(renderReport(data));
  });

  test('fails if the debate is unknown, listing the debates the API knows, in one line', async () => {
    const r = await run([
      'report',
      '--debate',
      'nope',
      '--api',
      server.url,
      '--out',
      path.join(tmp, 'x.html'),
    ]);
    expect([r.code, r.stderr]).toEqual([1, `trendoff report: unknown debate "nope": the API knows ${ID}\n`]);
    expect(fs.existsSync(path.join(tmp, 'x.html'))).toBe(false);
  });

  test('fails if the API cannot be reached, in one line naming it and the fix', async () => {
    const closed = await startApiServer({
      handler: createQueryApi({ store: fx.store, archive: fx.archive }),
      port: 0,
    });
    const url = closed.url;
    await closed.close();
    const r = await run(['report', '--debate', ID, '--api', url, '--out', path.join(tmp, 'y.html')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^trendoff report: cannot reach the API at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): check --api, and that trendoff local \(or the deployment\) is running\n$/,
    );
  });

  test('fails if the debate has no posts yet, saying what to do', async () => {
    await fx.store.putDebate({ ...fx.meta, id: 'not-yet' });
    const r = await run([
      'report',
      '--debate',
      'not-yet',
      '--api',
      server.url,
      '--out',
      path.join(tmp, 'z.html'),
    ]);
    expect([r.code, r.stderr]).toEqual([
      1,
      'trendoff report: debate "not-yet" has no posts yet: run it (trendoff local) or wait for posts, then make the report\n',
    ]);
  });

  test('fails if neither or both of --api and --data-dir are given (usage, exit 2)', async () => {
    const r = await run(['report', '--debate', ID, '--out', path.join(tmp, 'w.html')]);
    expect([r.code, r.stderr]).toEqual([
      2,
      'trendoff report: give exactly one of --api URL or --data-dir D (see --help)\n',
    ]);
  });

  test('fails if the data dir holds no trendoff data, in one line', async () => {
    const r = await run(['report', '--debate', ID, '--data-dir', tmp, '--out', path.join(tmp, 'v.html')]);
    expect([r.code, r.stderr]).toEqual([
      1,
      `trendoff report: ${tmp} holds no trendoff local data (no aws/dynamodb inside): give the --data-dir of a trendoff local run, or --api\n`,
    ]);
  });
});
