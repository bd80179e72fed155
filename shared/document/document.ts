/**
 * A small document model that the weekly report, the track-usage summary and the commands
 * build once and render several ways (markdown, HTML, terminal text), so that every form
 * shows the same text and the same numbers.
 */

/** A table column. Numbers align right. */
export interface Column {
  header: string;
  align?: "left" | "right";
}

/** One block of a document. Texts are plain (renderers escape them). */
export type Block =
  | { kind: "title"; text: string }
  | { kind: "section"; text: string }
  | { kind: "subsection"; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "facts"; items: Fact[] }
  | { kind: "list"; items: string[]; ordered?: boolean }
  | { kind: "table"; columns: Column[]; rows: string[][] };

/** A labelled value: "Requests: 1,234". */
export interface Fact {
  label: string;
  value: string;
}

/** A left-aligned column. */
export function text(header: string): Column {
  return { header, align: "left" };
}

/** A right-aligned (numeric) column. */
export function number(header: string): Column {
  return { header, align: "right" };
}

/** A table block, or a paragraph saying `empty` when there are no rows. */
export function tableOr(columns: Column[], rows: string[][], empty: string): Block {
  return rows.length > 0 ? { kind: "table", columns, rows } : { kind: "paragraph", text: empty };
}
