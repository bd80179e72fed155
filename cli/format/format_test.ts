import assert from "node:assert/strict";
import { number, text } from "../../shared/report/document.ts";
import { renderTable } from "./table.ts";
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
