/**
 * The report as one self-contained HTML page: inline CSS and SVG, no scripts, nothing fetched, so it
 * reads the same attached to an e-mail, opened from disk or printed. Each part is a landmark region
 * named by its heading, and every chart has its figures in a table beside it.
 */
import type { ReportData } from './gather';
import type { ExtremePost } from '../../lambda/core/api/contract';
import { isXPostUrl } from '../../lambda/core/api/post-link';
import { clock, count, esc, fixed, instant, signed, span } from './html';
import { candidateColour, seismographSvg } from './seismograph-svg';
import { KIND_SYMBOL, wordShiftSvg } from './word-shift-svg';

/** Per candidate, the night's totals from the seismograph's steps. */
export interface CandidateTotals {
  readonly candidate: string;
  readonly posts: number;
  /** Mean score over every post (null without posts). */
  readonly mean: number | null;
  readonly pos: number;
  readonly neu: number;
  readonly neg: number;
}

/** Sums of the steps: posts and the post-weighted mean (each step's mean × its posts). */
export function candidateTotals(data: ReportData): CandidateTotals[] {
  return data.series.map((s) => {
    let posts = 0;
    let sum = 0;
    let pos = 0;
    let neu = 0;
    let neg = 0;
    for (const p of s.points) {
      posts += p.count;
      if (p.mean !== null) sum += p.mean * p.count;
      pos += p.pos;
      neu += p.neu;
      neg += p.neg;
    }
    return { candidate: s.candidate, posts, mean: posts === 0 ? null : sum / posts, pos, neu, neg };
  });
}

const STYLE = `
:root{color-scheme:light;--ink:#1a1a1a;--muted:#555;--rule:#ccc;--pos:#E69F00;--neg:#0072B2}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff;margin:0 auto;max-width:1000px;padding:24px 20px 48px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:2px solid var(--ink);padding-bottom:4px}
h3{font-size:16px;margin:20px 0 6px}.lede{color:var(--muted);margin:0 0 8px}
svg{max-width:100%;height:auto;display:block}
.seismograph .name{font-size:13px;font-weight:600}.tick{font-size:11px;fill:var(--muted)}
.neutral{stroke:#999;stroke-dasharray:3 3}.axis{stroke:#666}.band{opacity:.15}.mean{fill:none;stroke-width:1.8}.bar{opacity:.55}
.move line{stroke:#000;stroke-width:1}.move circle{fill:#000}.move text{fill:#fff;font-size:10px;font-weight:700}
.moment line{stroke:#777;stroke-dasharray:2 4}.moment text{font-size:11px;font-weight:700;fill:#333}
.word-shift text{font-size:12px}.shift-row.pos rect{fill:var(--pos)}.shift-row.neg rect{fill:var(--neg)}
.shift-row.down rect{opacity:.45}.shift-row.total rect{fill:#444}
table{border-collapse:collapse;margin:8px 0 16px;font-size:13px;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--rule);padding:3px 8px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right}caption{text-align:left;font-weight:600;padding:4px 0}
.posts{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
.post{border:1px solid var(--rule);border-left:6px solid var(--c);padding:8px 10px;margin:0}
.post h3{margin:0 0 4px}.post blockquote{margin:4px 0;white-space:pre-wrap;overflow-wrap:anywhere}
.post .score{font-variant-numeric:tabular-nums;color:var(--muted);font-size:13px}
.move-block{display:grid;grid-template-columns:minmax(0,460px) minmax(0,1fr);gap:16px;align-items:start}
.key span{display:inline-block;margin-right:14px}.sw{display:inline-block;width:12px;height:12px;vertical-align:-1px;margin-right:4px}
details summary{cursor:pointer;font-weight:600}
footer{margin-top:36px;color:var(--muted);font-size:13px}
@media (max-width:700px){.move-block{grid-template-columns:1fr}body{padding:12px}}
@media print{details{display:block}details>*{display:block}}
`;

function section(id: string, title: string, body: string): string {
  return `<section aria-labelledby="${id}"><h2 id="${id}">${esc(title)}</h2>${body}</section>`;
}

export function renderReport(data: ReportData): string {
  const { debate } = data;
  const name = (id: string): string => debate.candidates.find((c) => c.id === id)?.name ?? id;
  const neutral = debate.scorer === 'labmt' ? 5 : 0;
  const totals = candidateTotals(data);
  const allPosts = totals.reduce((a, t) => a + t.posts, 0);
  const moves = data.moves.map((m) => m.move);
  const stepText = `${Math.round(data.stepMs / 60_000) || data.stepMs / 1000 + ' s'}`;

  const momentsList =
    data.moments.length === 0
      ? ''
      : `<ol class="moments" type="A">${data.moments
          .map(
            (m) =>
              `<li><time datetime="${new Date(m.at).toISOString()}">${clock(m.at)} UTC</time> ${esc(m.label)}</li>`,
          )
          .join('')}</ol>`;
  const seismo = section(
    'seismograph',
    'Seismograph',
    `<p class="lede">Mean ${esc(debate.scorer)} score of each candidate's posts per ${
      data.stepMs % 60_000 === 0 ? `${stepText} min` : `${data.stepMs / 1000} s`
    } step (line; shaded: ±1 standard deviation; dashed: neutral), posts per step beneath (one scale for all). ` +
      `Numbered markers are the biggest moves below${data.moments.length > 0 ? '; lettered lines the debate’s moments' : ''}.</p>` +
      seismographSvg({
        candidates: debate.candidates,
        series: data.series,
        from: data.from,
        to: data.to,
        stepMs: data.stepMs,
        neutral,
        moves,
        moments: data.moments,
      }) +
      momentsList,
  );

  const posts = data.extremes
    .map((e) => {
      const colour = candidateColour(debate.candidates, e.candidate);
      const one = (label: string, p: (typeof e)['mostPositive']): string =>
        p === null
          ? `<p>${label}: no post</p>`
          : `<p class="score">${label} · score ${signed(p.score, 4)} · ${postRef(p)}</p><blockquote>${esc(p.text)}</blockquote>`;
      return (
        `<article class="post" style="--c:${colour}" data-candidate="${esc(e.candidate)}"><h3>${esc(name(e.candidate))}</h3>` +
        one('Most positive', e.mostPositive) +
        one('Most negative', e.mostNegative) +
        `</article>`
      );
    })
    .join('');
  const extremes = section(
    'extremes',
    'Most positive and most negative posts',
    `<p class="lede">Each candidate's highest- and lowest-scored post of the night.</p><div class="posts">${posts}</div>`,
  );

  const key =
    `<p class="key"><span><i class="sw" style="background:var(--pos)"></i>+ word above the earlier mean</span>` +
    `<span><i class="sw" style="background:var(--neg)"></i>− word below it</span><span>↑ used more, ↓ used less (pale)</span></p>`;
  const moveBlocks = data.moves
    .map(({ move, shift }, i) => {
      const who = name(move.candidate);
      const title = `${i + 1}. ${who}, ${span(move.after.from, move.after.to)}: mean ${signed(move.change)} (${fixed(
        move.before.mean,
      )} → ${fixed(move.after.mean)})`;
      const rows = shift.words
        .map(
          (w) =>
            `<tr><td>${esc(w.word)}</td><td>${KIND_SYMBOL[w.kind]}</td><td class="n">${fixed(w.valence, 2)}</td>` +
            `<td class="n">${count(w.referenceCount)}</td><td class="n">${count(w.comparisonCount)}</td>` +
            `<td class="n">${signed(w.contribution, 4)}</td><td class="n">${w.share === null ? '–' : signed(w.share * 100, 1) + ' %'}</td></tr>`,
        )
        .join('');
      const table =
        `<table class="shift-table"><caption>Words behind move ${i + 1} (word valence mean ${fixed(shift.means.reference)} → ` +
        `${fixed(shift.means.comparison)}, shift ${shift.shift === null ? '–' : signed(shift.shift)})</caption>` +
        `<thead><tr><th>word</th><th>kind</th><th class="n">valence</th><th class="n">posts before</th><th class="n">posts after</th>` +
        `<th class="n">contribution</th><th class="n">share</th></tr></thead><tbody>${rows}</tbody></table>`;
      return (
        `<article class="move-story" data-candidate="${esc(move.candidate)}"><h3>${esc(title)}</h3>` +
        `<div class="move-block">${wordShiftSvg(shift, `${who}, ${span(move.after.from, move.after.to)}`)}${table}</div></article>`
      );
    })
    .join('');
  const moveRows = moves
    .map(
      (m, i) =>
        `<tr><td class="n">${i + 1}</td><td>${esc(name(m.candidate))}</td><td>${span(m.before.from, m.before.to)}</td>` +
        `<td class="n">${fixed(m.before.mean)}</td><td class="n">${count(m.before.count)}</td><td>${span(m.after.from, m.after.to)}</td>` +
        `<td class="n">${fixed(m.after.mean)}</td><td class="n">${count(m.after.count)}</td><td class="n">${signed(m.change)}</td></tr>`,
    )
    .join('');
  const movesSection = section(
    'moves',
    'Biggest moves and the words behind them',
    `<p class="lede">A move is the change in a candidate's mean score from one ${data.moveStepMs / 60_000}-minute window ` +
      `to the next (clock-aligned), counted only when both windows hold at least ${data.minPosts} posts; the largest changes of the night, ` +
      `each with its word shift against the window before (Hedonometer-style: a word's contribution is its change in relative ` +
      `frequency × its valence relative to the earlier mean, valences from the ${esc(debate.scorer)} lexicon).</p>` +
      (moves.length === 0
        ? `<p>No two consecutive windows of one candidate had ${data.minPosts} posts each.</p>`
        : `<table class="moves-table"><caption>Biggest moves</caption><thead><tr><th class="n">#</th><th>candidate</th>` +
          `<th>before</th><th class="n">mean</th><th class="n">posts</th><th>after</th><th class="n">mean</th><th class="n">posts</th>` +
          `<th class="n">change</th></tr></thead><tbody>${moveRows}</tbody></table>${key}${moveBlocks}`),
  );

  const tagRows = data.hashtags
    .map(
      (h, i) =>
        `<tr><td class="n">${i + 1}</td><td>#${esc(h.tag)}</td><td class="n">${count(h.count)}</td></tr>`,
    )
    .join('');
  const hashtags = section(
    'hashtags',
    'Top hashtags',
    `<p class="lede">Posts using each hashtag, ${span(data.hashtagWindow.from, data.hashtagWindow.to)}, summed over candidates ` +
      `(a post about two candidates counts for each).</p>` +
      (data.hashtags.length === 0
        ? '<p>No hashtags.</p>'
        : `<table class="hashtags-table"><thead><tr><th class="n">#</th><th>hashtag</th><th class="n">posts</th></tr></thead><tbody>${tagRows}</tbody></table>`),
  );

  const totalRows = totals
    .map((t) => {
      const pct = (n: number): string => (t.posts === 0 ? '–' : `${((100 * n) / t.posts).toFixed(1)} %`);
      const e = data.extremes.find((x) => x.candidate === t.candidate);
      return (
        `<tr data-candidate="${esc(t.candidate)}"><td>${esc(name(t.candidate))}</td><td class="n">${count(t.posts)}</td>` +
        `<td class="n">${fixed(t.mean)}</td><td class="n">${pct(t.pos)}</td><td class="n">${pct(t.neu)}</td><td class="n">${pct(t.neg)}</td>` +
        `<td class="n">${fixed(e?.mostPositive?.score ?? null, 4)}</td><td class="n">${fixed(e?.mostNegative?.score ?? null, 4)}</td></tr>`
      );
    })
    .join('');
  const stepRows = (data.series[0]?.points ?? [])
    .map(
      (p, i) =>
        `<tr><td>${clock(p.t)}</td>${data.series
          .map(
            (s) =>
              `<td class="n">${fixed(s.points[i]?.mean ?? null)}</td><td class="n">${count(s.points[i]?.count ?? 0)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('');
  const figures = section(
    'figures',
    'Figures',
    `<table class="totals-table"><caption>The night per candidate</caption><thead><tr><th>candidate</th><th class="n">posts</th>` +
      `<th class="n">mean score</th><th class="n">positive</th><th class="n">neutral</th><th class="n">negative</th>` +
      `<th class="n">highest</th><th class="n">lowest</th></tr></thead><tbody>${totalRows}</tbody></table>` +
      `<details><summary>Seismograph figures, per step (UTC)</summary><table class="steps-table"><thead><tr><th>step</th>${data.series
        .map((s) => `<th class="n">${esc(name(s.candidate))} mean</th><th class="n">posts</th>`)
        .join('')}</tr></thead><tbody>${stepRows}</tbody></table></details>`,
  );

  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(debate.title)}: the night in posts</title><style>${STYLE}</style></head><body>` +
    `<header><h1>${esc(debate.title)}</h1><p class="lede">How posts on X felt about each candidate, ${instant(data.from)} to ` +
    `${clock(data.to)} UTC: ${count(allPosts)} candidate mentions scored with ${esc(debate.scorer)}, ${debate.candidates.length} candidates.</p></header>` +
    `<main>${seismo}${movesSection}${extremes}${hashtags}${figures}</main>` +
    `<footer>Made by trendoff report from the debate's stored aggregates (debate id ${esc(debate.id)}). Word counts are the posts ` +
    `using each word; each stored bucket keeps its most used words only, so rare words' counts are lower bounds.</footer>` +
    `</body></html>\n`
  );
}

/** A post's id, linked to X for a real post and marked as made up for a generated one. */
function postRef(p: ExtremePost): string {
  if (isXPostUrl(p.url)) return `post <a href="${esc(p.url)}">${esc(p.id)}</a>`;
  return p.url === null ? `post ${esc(p.id)} (generated, not on X)` : `post ${esc(p.id)}`;
}
