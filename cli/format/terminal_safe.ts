/**
 * Text from the database shown in a terminal, made harmless: every control character (C0, DEL,
 * C1: an ESC sequence would recolour or clear the terminal, a newline would break a table row)
 * is shown as a visible escape (`\x1b`, `\n`, `\x9b`). Ingest refuses such characters in labels,
 * but rows can come from elsewhere (the chat importer, SQL), so every text output escapes them.
 */

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// deno-lint-ignore no-control-regex
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function visible(char: string): string {
  return NAMED[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`;
}

/** `text` with every control character escaped; `keepNewlines` leaves line breaks (multi-line output). */
export function terminalSafe(text: string, opts: { keepNewlines?: boolean } = {}): string {
  return text.replace(opts.keepNewlines ? CONTROL_BUT_NEWLINE : CONTROL, visible);
}
