/**
 * Numbers for people: compact token counts (1.2k, 3.4M), dollars ($3.45, $0.0042), percentages,
 * durations, and HTML escaping. Pure functions; the arithmetic behind the numbers is done in SQL.
 */

const UNITS = ["", "k", "M", "B", "T"];

/** Trims a fixed-point string's trailing zeros after the decimal point ("1.50" → "1.5", "2.0" → "2"). */
function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/**
 * A count in compact form: below 1,000 as is (at most one decimal), then k / M / B / T with one
 * decimal below 100 of the unit and none from 100 up: 999 → "999", 1200 → "1.2k",
 * 12_345 → "12.3k", 123_456 → "123k", 999_999 → "1M", 2_500_000 → "2.5M". null → "—".
 */
export function formatCompact(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const sign = value < 0 ? "-" : "";
  let abs = Math.abs(value);
  let unit = 0;
  while (abs >= 1000 && unit < UNITS.length - 1) {
    abs /= 1000;
    unit++;
  }
  let digits = unit === 0 || abs < 100 ? 1 : 0;
  let text = abs.toFixed(digits);
  if (Number(text) >= 1000 && unit < UNITS.length - 1) {
    unit++;
    abs /= 1000;
    digits = 1;
    text = abs.toFixed(digits);
  }
  const trimmed = trimZeros(text);
  return trimmed === "0" ? "0" : `${sign}${trimmed}${UNITS[unit]}`;
}

/** An integer with thousands separators: 1234567 → "1,234,567". null → "—". */
export function formatInteger(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const rounded = Math.round(value);
  const sign = rounded < 0 ? "-" : "";
  return sign + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * US dollars: cents from one cent up ("$3.45", "$1,234.50"), compact from a million
 * ("$2.5M"), two significant digits below a cent ("$0.0042"), "$0.00" for zero. null → "—".
 */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  if (abs === 0) return "$0.00";
  if (abs >= 1_000_000) return `${sign}$${formatCompact(abs)}`;
  if (abs >= 0.005) {
    const [whole, cents] = abs.toFixed(2).split(".");
    return `${sign}$${formatInteger(Number(whole))}.${cents}`;
  }
  return `${sign}$${trimZeros(abs.toPrecision(2))}`;
}

/** A ratio (0..1) as a percentage with `digits` decimals, trailing zeros kept: 0.9623 → "96.2%". null → "—". */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "—";
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** A duration in milliseconds: "4.2 ms", "850 ms", "1.2 s", "2.5 min". null → "—". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 10) return `${trimZeros(ms.toFixed(1))} ms`;
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  if (ms < 59_950) return `${trimZeros((ms / 1000).toFixed(1))} s`;
  return `${trimZeros((ms / 60_000).toFixed(1))} min`;
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}
