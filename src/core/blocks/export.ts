/**
 * A rendered note as a standalone HTML file (**Export Note as HTML**): the preview's HTML with
 * each block chart drawn as an inline SVG image from its spec (the exported file has no script,
 * so it opens anywhere and prints as it looks), and the blocks' stylesheet inlined. Pure.
 */
import type { BlockChartSpec } from './common';
import { escapeHtml } from './html';
import { fromDayNumber } from '../calendar';

const UNESCAPE: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&#96;': '`', '&#x60;': '`' };
const unescapeAttr = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|#x27|#96|#x60);/g, (m) => UNESCAPE[m] ?? m);

const COLORS = ['#1f9bd1', '#d6399b', '#4caf50', '#8e6bd8', '#e0672b', '#1aa98d', '#b0467d', '#a48a1f'];

function colorOf(id: string, role: string, i: number): string {
  if (id === 'BTC') return '#f7931a';
  if (id === 'NDX') return '#3b82f6';
  if (role === 'portfolio') return '#d63af9';
  return COLORS[i % COLORS.length]!;
}

function fmt(v: number, yFormat: BlockChartSpec['yFormat']): string {
  if (yFormat === 'percent') return `${(v * 100).toFixed(Math.abs(v) < 0.1 ? 1 : 0)}%`;
  if (yFormat === 'index') return v.toFixed(0);
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
}

/** One block chart as an SVG image: a line per series, y ticks, the first, middle and last dates, a legend. */
export function chartSvg(spec: BlockChartSpec, width = 720, height = 300): string {
  const pad = { l: 56, r: 12, t: 12, b: 48 };
  const w = width - pad.l - pad.r;
  const hgt = height - pad.t - pad.b;
  const ys = spec.series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  if (ys.length === 0 || !(spec.x.max > spec.x.min)) return '';
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const x = (d: number) => pad.l + ((d - spec.x.min) / (spec.x.max - spec.x.min)) * w;
  const y = (v: number) => pad.t + (1 - (v - lo) / (hi - lo)) * hgt;
  const parts: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    const py = y(v).toFixed(1);
    parts.push(`<line x1="${pad.l}" x2="${pad.l + w}" y1="${py}" y2="${py}" stroke="#8884" stroke-width="1"/>`);
    parts.push(
      `<text x="${pad.l - 6}" y="${py}" text-anchor="end" dominant-baseline="middle" font-size="11" fill="#777">${escapeHtml(fmt(v, spec.yFormat))}</text>`,
    );
  }
  for (const d of [spec.x.min, Math.round((spec.x.min + spec.x.max) / 2), spec.x.max])
    parts.push(`<text x="${x(d).toFixed(1)}" y="${pad.t + hgt + 16}" text-anchor="middle" font-size="11" fill="#777">${fromDayNumber(d)}</text>`);
  spec.series.forEach((s, i) => {
    const pts = s.points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
    if (pts.length < 2) return;
    const path = pts.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');
    const wide = s.role === 'benchmark' || s.role === 'portfolio';
    parts.push(`<polyline fill="none" stroke="${colorOf(s.id, s.role, i)}" stroke-width="${wide ? 2.2 : 1.4}" points="${path}"/>`);
    const lx = pad.l + i * 110;
    parts.push(`<rect x="${lx}" y="${height - 16}" width="12" height="4" fill="${colorOf(s.id, s.role, i)}"/>`);
    parts.push(`<text x="${lx + 16}" y="${height - 12}" font-size="11" fill="#777">${escapeHtml(s.label)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="hashpivot-chart-image" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${parts.join('')}</svg>`;
}

/** The preview's HTML with every block chart's canvas replaced by its SVG image (a spec that does not parse leaves the summary table alone). */
export function chartsAsImages(html: string): string {
  return html.replace(/<canvas class="hashpivot-canvas"[^>]*><\/canvas>/g, (tag) => {
    const attr = / data-chart="([^"]*)"/.exec(tag)?.[1];
    if (attr === undefined) return '';
    try {
      const spec = JSON.parse(unescapeAttr(attr)) as BlockChartSpec;
      return spec && spec.version === 1 && Array.isArray(spec.series) ? chartSvg(spec) : '';
    } catch {
      return '';
    }
  });
}

/** A standalone HTML document of a rendered note: no script, the blocks' CSS inlined, charts as SVG. */
export function noteHtmlDocument(title: string, bodyHtml: string, css: string, exportedAt: Date): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src https: data:; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #222; }
pre, code { font-family: ui-monospace, monospace; }
table { border-collapse: collapse; }
svg.hashpivot-chart-image { max-width: 100%; height: auto; }
${css.replace(/</g, '')}
</style>
</head>
<body>
${chartsAsImages(bodyHtml)}
<footer class="hashpivot-footer"><p>Exported by Hashpivot on ${escapeHtml(exportedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC.</p></footer>
</body>
</html>
`;
}
