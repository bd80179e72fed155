/**
 * Text from the database shown in a terminal, made harmless: every control character (C0, DEL,
 * C1: an ESC sequence would recolour or clear the terminal, a newline would break a table row)
 * is shown as a visible escape (`\x1b`, `\n`, `\x9b`). Ingest refuses such characters in labels,
 * but rows can come from elsewhere (the chat importer, SQL), so every text output escapes them
 * (the same characters: shared/usage/field_checks.ts).
 */
import { CONTROL_CHARACTER_CLASS } from "../../shared/usage/field_checks.ts";

const CONTROL = new RegExp(CONTROL_CHARACTER_CLASS, "g");
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function visible(char: string): string {
  return NAMED[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`;
}

/** `text` with every control character escaped; `keepNewlines` leaves line breaks (multi-line output). */
export function terminalSafe(text: string, opts: { keepNewlines?: boolean } = {}): string {
  return text.replace(CONTROL, (char) => (opts.keepNewlines && char === "\n" ? char : visible(char)));
}
