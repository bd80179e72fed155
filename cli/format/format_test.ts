import assert from "node:assert/strict";
import { number, text } from "../../shared/document/document.ts";
import { renderTable } from "./table.ts";
import { terminalSafe } from "./terminal_safe.ts";
import { renderText } from "./text.ts";

Deno.test("renderTable pads columns and right-aligns numbers", () => {
  const out = renderTable([text("Model"), number("Cost")], [["gpt-4o", "$12.34"], [
    "claude-sonnet-4-5",
    "$0.50",
  ]]);
  assert.equal(
    out,
    [
      "  Model                Cost",
      "  -----------------  ------",
      "  gpt-4o             $12.34",
      "  claude-sonnet-4-5   $0.50",
    ].join("\n"),
  );
});

Deno.test("renderText: underlined headings, aligned facts, numbered lists", () => {
  const out = renderText([
    { kind: "title", text: "Usage" },
    { kind: "facts", items: [{ label: "Requests", value: "8" }, { label: "Cost", value: "$2.50" }] },
    { kind: "list", ordered: true, items: ["a", "b"] },
  ]);
  assert.equal(out, "Usage\n=====\n\n  Requests  8\n  Cost      $2.50\n\n  1. a\n  2. b\n");
});

Deno.test("terminal output escapes control characters: no ESC reaches the terminal, no newline breaks a row", () => {
  const table = renderTable([text("Model"), number("Requests")], [["gpt\u001b[31m-4o\nfake", "1"]]);
  assert.equal(table.includes("\u001b"), false);
  assert.deepEqual(table.split("\n").slice(2), ["  gpt\\x1b[31m-4o\\nfake         1"]);
  const doc = renderText([
    { kind: "title", text: "Usage \u009b" },
    { kind: "facts", items: [{ label: "Model", value: "a\u0007b" }] },
    { kind: "list", ordered: false, items: ["x\ry"] },
  ]);
  assert.equal(doc, "Usage \\x9b\n==========\n\n  Model  a\\x07b\n\n  - x\\ry\n");
  assert.equal(terminalSafe("line one\nline two\u001b", { keepNewlines: true }), "line one\nline two\\x1b");
});
