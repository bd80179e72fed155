/**
 * Server-side SVG charts. Every data point is one element carrying `data-series`, `data-x` and
 * `data-value` (the exact number), so a browser test can count points and read values, and a
 * `<title>` for a hover tooltip. Legends are HTML beside the SVG (see page.ts) so they stay
 * readable when the SVG scales down on a phone.
 */
import { escapeHtml } from "./format.ts";
import { labelIndexes, linear, niceAxis } from "./scale.ts";

/** One series of a chart, aligned with the chart's categories; null = no point there. */
export interface ChartSeries {
  id: string;
  label: string;
  color: string;
  /** Drawn as a line with point markers (default) or as bars. */
  kind?: "line" | "bar";
  dashed?: boolean;
  values: (number | null)[];
}

/** A horizontal reference line (threshold, baseline). */
export interface ReferenceLine {
  value: number;
  label: string;
  color?: string;
}

/** Options for {@link timeChart}. */
export interface TimeChartOptions {
  /** `data-chart` id of the SVG. */
  id: string;
  /** Accessible name. */
  title: string;
  /** One key per x position (ISO time or date), written to each point's `data-x`. */
  categories: string[];
  /** Label under the x axis for position i. */
  categoryLabel: (index: number) => string;
  series: ChartSeries[];
  /** Formats y tick labels and tooltip values. */
  yFormat: (value: number) => string;
  /** Unit of the y axis, written above it ("tokens / h", "USD / day"). */
  yTitle: string;
  /** A shaded healthy band. */
  band?: { low: number; high: number; label: string };
  lines?: ReferenceLine[];
  /** Fixed top of the y axis (e.g. 100 for percentages). */
  yMax?: number;
  width?: number;
  height?: number;
  /** At most this many x labels (evenly spaced), unless `labelAt` says where. */
  maxLabels?: number;
  /** Positions to label on the x axis. */
  labelAt?: number[];
  /** Names position i in tooltips (default: its axis label). */
  pointLabel?: (index: number) => string;
}

const FONT = 11;

function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** The opening tag of a chart: its id, its title as the accessible name, and its size. */
function svgOpen(opts: { id: string; title: string }, width: number, height: number): string {
  return `<svg class="chart" data-chart="${
    escapeHtml(opts.id)
  }" viewBox="0 0 ${width} ${height}" role="img" aria-label="${
    escapeHtml(opts.title)
  }" xmlns="http://www.w3.org/2000/svg" font-size="${FONT}">`;
}

/** A tick label at (x, y), anchored "end" or "middle". */
function tickText(x: number | string, y: number | string, anchor: "end" | "middle", label: string): string {
  return `<text class="tick" x="${x}" y="${y}" text-anchor="${anchor}">${escapeHtml(label)}</text>`;
}

function pointTitle(category: string, series: string, value: string): string {
  return `<title>${escapeHtml(`${category} · ${series}: ${value}`)}</title>`;
}

/**
 * A chart over time (or any ordered categories): y axis with nice ticks and a unit, x labels,
 * line series with point markers and bar series side by side, an optional band and reference lines.
 */
export function timeChart(opts: TimeChartOptions): string {
  const width = opts.width ?? 420;
  const height = opts.height ?? 220;
  const m = { left: 50, right: 10, top: 22, bottom: 24 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const n = opts.categories.length;
  const all = opts.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const extra = [...(opts.lines ?? []).map((l) => l.value), ...(opts.band ? [opts.band.high] : [])];
  const axis = niceAxis(Math.min(0, ...all), opts.yMax ?? Math.max(0, ...all, ...extra));
  const y = (v: number): number => linear(v, [axis.min, axis.max], [m.top + plotH, m.top]);
  const slot = plotW / Math.max(1, n);
  const pointLabel = opts.pointLabel ?? opts.categoryLabel;
  const cx = (i: number): number => m.left + slot * (i + 0.5);

  const parts: string[] = [];
  parts.push(svgOpen(opts, width, height));
  parts.push(`<text class="axis-title" x="2" y="${FONT + 1}">${escapeHtml(opts.yTitle)}</text>`);
  if (opts.band) {
    const top = y(Math.min(opts.band.high, axis.max));
    const bottom = y(Math.max(opts.band.low, axis.min));
    parts.push(
      `<rect class="band" x="${m.left}" y="${num(top)}" width="${num(plotW)}" height="${
        num(Math.max(0, bottom - top))
      }"><title>${escapeHtml(opts.band.label)}</title></rect>`,
    );
  }
  for (const tick of axis.ticks) {
    const ty = num(y(tick));
    parts.push(`<line class="grid" x1="${m.left}" x2="${m.left + plotW}" y1="${ty}" y2="${ty}"/>`);
    parts.push(tickText(m.left - 6, num(y(tick) + FONT / 3), "end", opts.yFormat(tick)));
  }
  parts.push(
    `<line class="axis" x1="${m.left}" x2="${m.left + plotW}" y1="${num(m.top + plotH)}" y2="${
      num(m.top + plotH)
    }"/>`,
  );
  for (const i of opts.labelAt ?? labelIndexes(n, opts.maxLabels ?? 6)) {
    parts.push(tickText(num(cx(i)), height - 6, "middle", opts.categoryLabel(i)));
  }
  for (const line of opts.lines ?? []) {
    if (line.value < axis.min || line.value > axis.max) continue;
    const ly = num(y(line.value));
    parts.push(
      `<line class="ref" x1="${m.left}" x2="${m.left + plotW}" y1="${ly}" y2="${ly}" stroke="${
        line.color ?? "#b91c1c"
      }"><title>${escapeHtml(line.label)}</title></line>`,
    );
    parts.push(
      `<text class="ref-label" x="${m.left + plotW - 2}" y="${
        num(y(line.value) - 3)
      }" text-anchor="end" fill="${line.color ?? "#b91c1c"}">${escapeHtml(line.label)}</text>`,
    );
  }

  const bars = opts.series.filter((s) => s.kind === "bar");
  const barW = (slot * 0.7) / Math.max(1, bars.length);
  bars.forEach((s, k) => {
    parts.push(`<g class="series" fill="${s.color}">`);
    s.values.forEach((v, i) => {
      if (v === null) return;
      const x = cx(i) - (slot * 0.7) / 2 + k * barW;
      const top = y(Math.max(v, 0));
      const h = Math.max(v === 0 ? 0 : 0.5, y(Math.min(v, 0)) - top);
      parts.push(
        `<rect class="pt" data-series="${escapeHtml(s.id)}" data-x="${
          escapeHtml(opts.categories[i])
        }" data-value="${v}" x="${num(x)}" y="${num(top)}" width="${num(Math.max(1, barW - 1))}" height="${
          num(h)
        }">${pointTitle(pointLabel(i), s.label, opts.yFormat(v))}</rect>`,
      );
    });
    parts.push(`</g>`);
  });

  const r = n > 60 ? 1.5 : 2.5;
  for (const s of opts.series.filter((s) => s.kind !== "bar")) {
    let d = "";
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${num(cx(i))} ${num(y(v))}`;
      pen = true;
    });
    parts.push(`<g class="series" stroke="${s.color}" fill="${s.color}">`);
    if (d) {
      parts.push(
        `<path d="${d}" fill="none" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="5 3"' : ""}/>`,
      );
    }
    s.values.forEach((v, i) => {
      if (v === null) return;
      parts.push(
        `<circle class="pt" data-series="${escapeHtml(s.id)}" data-x="${
          escapeHtml(opts.categories[i])
        }" data-value="${v}" cx="${num(cx(i))}" cy="${num(y(v))}" r="${r}">${
          pointTitle(pointLabel(i), s.label, opts.yFormat(v))
        }</circle>`,
      );
    });
    parts.push(`</g>`);
  }
  parts.push(`</svg>`);
  return parts.join("");
}

/** One group of horizontal bars (a model, a prompt variant), one value per series. */
export interface BarGroup {
  label: string;
  /** Key written to each bar's `data-x`. */
  key: string;
  values: (number | null)[];
}

/** Options for {@link barChart}. */
export interface BarChartOptions {
  id: string;
  title: string;
  series: { id: string; label: string; color: string }[];
  groups: BarGroup[];
  /** Formats tick labels and the value printed at the end of each bar. */
  format: (value: number) => string;
  /** Unit of the value axis ("ms", "tokens / request"). */
  xTitle: string;
  lines?: ReferenceLine[];
  width?: number;
}

/**
 * Horizontal grouped bars: each group's label on its own line (long model names stay readable on
 * a phone), one bar per series with its value printed at its end, a value axis with a unit.
 */
export function barChart(opts: BarChartOptions): string {
  const width = opts.width ?? 420;
  const m = { left: 8, right: 58, top: 8, bottom: 34 };
  const barH = 12;
  const labelH = 16;
  const groupH = labelH + opts.series.length * (barH + 2) + 8;
  const plotW = width - m.left - m.right;
  const height = m.top + groupH * opts.groups.length + m.bottom;
  const all = opts.groups.flatMap((g) => g.values.filter((v): v is number => v !== null));
  const axis = niceAxis(0, Math.max(0, ...all, ...(opts.lines ?? []).map((l) => l.value)));
  const x = (v: number): number => linear(v, [axis.min, axis.max], [m.left, m.left + plotW]);
  const plotBottom = m.top + groupH * opts.groups.length;

  const parts: string[] = [];
  parts.push(svgOpen(opts, width, height));
  for (const tick of axis.ticks) {
    const tx = num(x(tick));
    parts.push(`<line class="grid" x1="${tx}" x2="${tx}" y1="${m.top}" y2="${plotBottom}"/>`);
    parts.push(tickText(tx, plotBottom + 13, "middle", opts.format(tick)));
  }
  parts.push(
    `<text class="axis-title" x="${m.left + plotW / 2}" y="${height - 4}" text-anchor="middle">${
      escapeHtml(opts.xTitle)
    }</text>`,
  );
  opts.groups.forEach((g, gi) => {
    const top = m.top + gi * groupH;
    parts.push(`<text class="group-label" x="${m.left}" y="${top + 12}">${escapeHtml(g.label)}</text>`);
    opts.series.forEach((s, si) => {
      const v = g.values[si];
      if (v === null || v === undefined) return;
      const by = top + labelH + si * (barH + 2);
      const w = Math.max(v > 0 ? 1 : 0, x(v) - m.left);
      parts.push(
        `<rect class="pt" data-series="${escapeHtml(s.id)}" data-x="${
          escapeHtml(g.key)
        }" data-value="${v}" x="${m.left}" y="${by}" width="${
          num(w)
        }" height="${barH}" fill="${s.color}"><title>${
          escapeHtml(`${g.label} · ${s.label}: ${opts.format(v)}`)
        }</title></rect>`,
      );
      parts.push(
        `<text class="bar-value" x="${num(m.left + w + 4)}" y="${by + barH - 2}">${
          escapeHtml(opts.format(v))
        }</text>`,
      );
    });
  });
  for (const line of opts.lines ?? []) {
    const lx = num(x(line.value));
    parts.push(
      `<line class="ref" x1="${lx}" x2="${lx}" y1="${m.top}" y2="${plotBottom}" stroke="${
        line.color ?? "#b91c1c"
      }"><title>${escapeHtml(line.label)}</title></line>`,
    );
  }
  parts.push(`</svg>`);
  return parts.join("");
}
