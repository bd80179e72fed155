/**
 * Axis arithmetic for the SVG charts: "nice" tick values (1, 2, 2.5, 5 × 10^n steps) covering the
 * data, and the linear map from values to pixels.
 */

/** A value axis: its domain and the ticks to label. */
export interface NiceAxis {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

/** The smallest step of the form {1, 2, 2.5, 5} × 10^n that is at least `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * power >= rough * (1 - 1e-12)) return m * power;
  }
  return 10 * power;
}

/** Rounds away float noise (0.30000000000000004 → 0.3) relative to the step. */
function clean(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(value.toFixed(Math.min(decimals, 15)));
}

/**
 * Ticks from a nice floor of `min` (0 when the data are not negative) to a nice ceiling of `max`, with
 * about `count` intervals. An empty or flat range becomes [0, 1] (or [v, v + step]).
 */
export function niceAxis(min: number, max: number, count = 4): NiceAxis {
  let lo = Math.min(0, min);
  let hi = max;
  if (!Number.isFinite(lo)) lo = 0;
  if (!Number.isFinite(hi) || hi <= lo) hi = lo === 0 ? 1 : lo + Math.abs(lo);
  const step = niceStep((hi - lo) / count);
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(clean(v, step));
  return { min: clean(start, step), max: clean(end, step), step, ticks };
}

/** Maps `value` in [domainMin, domainMax] linearly to [rangeStart, rangeEnd]. */
export function linear(value: number, domain: [number, number], range: [number, number]): number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return r0;
  return r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/** Indexes of at most `max` evenly spaced labels among `n` positions, always including the first. */
export function labelIndexes(n: number, max: number): number[] {
  if (n <= 0) return [];
  const every = Math.max(1, Math.ceil(n / Math.max(1, max)));
  const out: number[] = [];
  for (let i = 0; i < n; i += every) out.push(i);
  return out;
}
