/**
 * Numbers for people, used by the report, the track-usage summary and the commands. Pure
 * formatting: every number arrives computed by SQL; these functions only round and label it.
 * A missing value (null, undefined, NaN, ±Infinity) is shown as "n/a", never "NaN".
 * Rounding is half away from zero on the decimal value (2.785 → "2.79"), not on the binary
 * float (where 2.785 is 2.78499…).
 */

/** A number as it comes from the JSON: possibly null or absent. */
export type Num = number | null | undefined;

/** The text shown for a value that does not exist (no requests, no price, division by zero). */
export const NA = "n/a";

function present(value: Num): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** `value` rounded to `digits` decimals, half away from zero on its decimal form, as a plain string. */
export function fixed(value: number, digits: number): string {
  const neg = value < 0;
  const text = Math.abs(value).toPrecision(15);
  if (text.includes("e")) {
    // below 1e-6 or above 1e15: float rounding is exact enough at these magnitudes
    const plain = Math.abs(value).toFixed(digits);
    return (neg && Number(plain) !== 0 ? "-" : "") + plain;
  }
  const [whole, frac = ""] = text.split(".");
  let units = BigInt(whole + frac.slice(0, digits).padEnd(digits, "0"));
  if (frac.length > digits && frac[digits] >= "5") units += 1n;
  const raw = units.toString().padStart(digits + 1, "0");
  const out = digits > 0 ? `${raw.slice(0, raw.length - digits)}.${raw.slice(raw.length - digits)}` : raw;
  return (neg && units !== 0n ? "-" : "") + out;
}

function group(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A number with thousands separators and `digits` decimals: 1234.5 → "1,234.50" (digits 2). */
export function num(value: Num, digits = 0): string {
  if (!present(value)) return NA;
  const text = fixed(value, digits);
  const neg = text.startsWith("-");
  const [whole, frac] = (neg ? text.slice(1) : text).split(".");
  return `${neg ? "-" : ""}${group(whole)}${frac !== undefined ? `.${frac}` : ""}`;
}

/** An integer count with separators: 1234567 → "1,234,567". */
export function int(value: Num): string {
  return num(value, 0);
}

/** Dollars to the cent: 12.345 → "$12.35", -3 → "-$3.00". */
export function usd(value: Num): string {
  if (!present(value)) return NA;
  const text = num(value, 2);
  return text.startsWith("-") ? `-$${text.slice(1)}` : `$${text}`;
}

/** Dollars per request or per token: four decimals below $1 ("$0.3574"), cents from $1 up. */
export function usdFine(value: Num): string {
  if (!present(value)) return NA;
  if (Math.abs(value) >= 1) return usd(value);
  const text = num(value, 4);
  return text.startsWith("-") ? `-$${text.slice(1)}` : `$${text}`;
}

/** What a cost line needs: the cost of the priced requests and how many had no price. */
export interface CostParts {
  cost: Num;
  requests: Num;
  unpriced: Num;
}

/**
 * A cost that may be partly or wholly unpriced: "unpriced" when every request lacked a price
 * (never "$0.00"), "$12.34" when all were priced, "$12.34 + 3 unpriced" otherwise.
 */
export function costText(parts: CostParts, format: (v: Num) => string = usd): string {
  const requests = present(parts.requests) ? parts.requests : 0;
  const unpriced = present(parts.unpriced) ? parts.unpriced : 0;
  if (requests > 0 && unpriced >= requests) return "unpriced";
  const base = format(parts.cost);
  return unpriced > 0 ? `${base} + ${int(unpriced)} unpriced` : base;
}

/** A rate 0..1 as a percentage: 0.25 → "25.0%" (digits 1). */
export function pct(rate: Num, digits = 1): string {
  if (!present(rate)) return NA;
  return `${fixed(rate * 100, digits)}%`;
}

/** A difference of two rates in percentage points, signed: -0.001385 → "-0.14 pp". */
export function pp(delta: Num, digits = 2): string {
  if (!present(delta)) return NA;
  const text = fixed(delta * 100, digits);
  return `${text.startsWith("-") || Number(text) === 0 ? "" : "+"}${text} pp`;
}

/** A signed number: 7.2 → "+7.2", -3 → "-3.0" (digits 1). */
export function signed(value: Num, digits = 1): string {
  if (!present(value)) return NA;
  const text = num(value, digits);
  return text.startsWith("-") || Number(value) === 0 ? text : `+${text}`;
}

/** A signed rate as a percentage: 0.125 → "+12.5%". */
export function signedPct(rate: Num, digits = 1): string {
  if (!present(rate)) return NA;
  const text = fixed(rate * 100, digits);
  return `${text.startsWith("-") || Number(text) === 0 ? "" : "+"}${text}%`;
}

/** An instant in UTC to the minute: "2026-11-24 06:00 UTC". */
export function utcMinute(value: string | Date | null | undefined): string {
  if (value === null || value === undefined) return NA;
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return NA;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** A UTC day with its weekday: "2025-03-03" → "Mon 2025-03-03". */
export function dayLabel(day: string | null | undefined): string {
  if (!day) return NA;
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return NA;
  return `${WEEKDAYS[d.getUTCDay()]} ${day.slice(0, 10)}`;
}
