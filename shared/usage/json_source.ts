/**
 * Finds the source text of values inside a JSON text that `JSON.parse` has already accepted, so that a
 * value can be handed on exactly as it was sent: every key (`__proto__` too) and every number's digits
 * (integers past 2^53, decimals past 17 digits), which a parse into JavaScript values would change.
 *
 * The scan is iterative (a depth counter, no recursion), so deep input cannot overflow the stack, and it
 * assumes valid JSON: call it only on text that `JSON.parse` accepted.
 */

/** Where a value lies in a JSON text: `text.slice(start, end)`, whitespace excluded. */
export interface JsonSpan {
  start: number;
  end: number;
}

/** One direct child of a container: an array element, or an object member with its (decoded) key. */
export interface JsonChild extends JsonSpan {
  key?: string;
}

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a;
const OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** The index of the quote that closes the string whose opening quote is at `open`. */
function stringEnd(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) throw new Error("unterminated string (the text is not valid JSON)");
    let before = quote - 1;
    while (text.charCodeAt(before) === BACKSLASH) before--;
    if ((quote - 1 - before) % 2 === 0) return quote; // an even run of backslashes escapes nothing
    from = quote + 1;
  }
}

/** The span of the one value `text` holds (the text without its surrounding whitespace). */
export function valueSpan(text: string, start = 0, end: number = text.length): JsonSpan {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

/**
 * The direct children of the object or array at `span`: their spans and, for members, their keys as
 * `JSON.parse` reads them (escapes decoded). A repeated key appears once per occurrence, in text order
 * (`JSON.parse` keeps the last). Not a container: no children.
 */
export function childSpans(text: string, span: JsonSpan): JsonChild[] {
  const open = text.charCodeAt(span.start);
  if (open !== OPEN_OBJECT && open !== OPEN_ARRAY) return [];
  const isObject = open === OPEN_OBJECT;
  const children: JsonChild[] = [];
  let depth = 0;
  let expectKey = isObject;
  let key: string | undefined;
  let valueStart = -1;
  let valueEnd = -1;
  const finish = (): void => {
    if (valueStart >= 0) {
      children.push(
        isObject ? { key, start: valueStart, end: valueEnd } : { start: valueStart, end: valueEnd },
      );
    }
    key = undefined;
    valueStart = -1;
    expectKey = isObject;
  };
  for (let i = span.start + 1; i < span.end; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c === QUOTE) {
      const close = stringEnd(text, i);
      if (depth === 0 && expectKey) {
        const raw = text.slice(i, close + 1);
        key = raw.includes("\\") ? JSON.parse(raw) as string : raw.slice(1, -1);
        expectKey = false;
      } else {
        if (depth === 0 && valueStart < 0) valueStart = i;
        valueEnd = close + 1;
      }
      i = close;
      continue;
    }
    if (depth === 0) {
      if (c === COLON) continue;
      if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        finish();
        if (c !== COMMA) break;
        continue;
      }
      if (valueStart < 0) valueStart = i;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
    valueEnd = i + 1;
  }
  return children;
}

/**
 * The source text of member `key` of the object at `span` (the last one when the key repeats, as
 * `JSON.parse` reads it), or undefined when the object has no such member or `span` is not an object.
 */
export function memberSource(text: string, span: JsonSpan, key: string): string | undefined {
  if (text.charCodeAt(span.start) !== OPEN_OBJECT) return undefined;
  let found: JsonChild | undefined;
  for (const child of childSpans(text, span)) if (child.key === key) found = child;
  return found && text.slice(found.start, found.end);
}
