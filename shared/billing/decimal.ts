/**
 * Exact decimal text for amounts that cross into Postgres numeric: no binary floating point in
 * between (Anthropic's cents string "123.45" is $1.2345, exactly).
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Whether `text` is a plain decimal number ("12", "-0.5", "123.45"). */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text);
}

/** Divides a decimal string by 100 exactly: "123.45" → "1.2345", "5" → "0.05", "-7.5" → "-0.075". */
export function centsToDollars(cents: string): string {
  const m = DECIMAL.exec(cents.trim());
  if (!m) throw new Error(`not a decimal amount: ${JSON.stringify(cents)}`);
  const [, sign, whole, fraction = ""] = m;
  const padded = whole.padStart(3, "0");
  const intPart = padded.slice(0, -2).replace(/^0+(?=\d)/, "");
  const frac = (padded.slice(-2) + fraction).replace(/0+$/, "");
  const body = frac === "" ? intPart : `${intPart}.${frac}`;
  return sign && /[1-9]/.test(body) ? `-${body}` : body;
}

/** A JSON number or decimal string as exact decimal text (numbers through their shortest round-trip form). */
export function decimalText(value: number | string): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a finite amount: ${value}`);
    const text = String(value);
    // 1e-7 and the like: expand the exponent without going through arithmetic
    return /e/i.test(text) ? value.toFixed(20).replace(/0+$/, "").replace(/\.$/, "") : text;
  }
  const trimmed = value.trim();
  if (!isDecimal(trimmed)) throw new Error(`not a decimal amount: ${JSON.stringify(value)}`);
  return trimmed;
}
