import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { dashboardFormat, prefersJson } from "./negotiate.ts";

const req = (query: string, accept?: string): Request =>
  new Request(`http://x/dashboard${query}`, { headers: accept === undefined ? {} : { accept } });

function formatOf(query: string, accept?: string): string {
  const request = req(query, accept);
  return dashboardFormat(request, new URL(request.url).searchParams);
}

Deno.test("dashboardFormat: the page unless JSON is asked for", () => {
  assert.equal(formatOf(""), "html", "no Accept (curl, fetch)");
  assert.equal(formatOf("", "*/*"), "html");
  assert.equal(formatOf("", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"), "html");
  assert.equal(formatOf("", "application/json"), "json");
  assert.equal(formatOf("", "Application/JSON; charset=utf-8"), "json");
  assert.equal(formatOf("", "text/html;q=0.5, application/json"), "json", "higher q wins");
  assert.equal(formatOf("", "application/json;q=0.5, text/html"), "html");
  assert.equal(formatOf("", "application/json, text/html"), "json", "equal q: the first listed");
  assert.equal(formatOf("", "text/html, application/json"), "html");
  assert.equal(formatOf("", "application/json;q=0"), "html", "q=0 means not acceptable");
  assert.equal(formatOf("?format=json", "text/html"), "json", "the parameter beats the header");
  assert.equal(formatOf("?range=7d&format=html", "application/json"), "html");
});

Deno.test("dashboardFormat: removes format from the parameters; other values or a repeat are a 400 naming format", () => {
  const params = new URLSearchParams("range=7d&format=json&app=shop");
  assert.equal(dashboardFormat(req(""), params), "json");
  assert.equal(params.toString(), "range=7d&app=shop");
  for (const query of ["?format=csv", "?format=json&format=json", "?format="]) {
    assert.throws(
      () => formatOf(query),
      (e: unknown) => e instanceof HttpError && e.status === 400 && e.problems[0].field === "format",
      query,
    );
  }
});

Deno.test("prefersJson: never throws; a bad format counts as JSON only if json was one of its values", () => {
  assert.equal(prefersJson(req("?format=json")), true);
  assert.equal(prefersJson(req("?format=json&format=json")), true);
  assert.equal(prefersJson(req("?format=csv", "application/json")), false);
  assert.equal(prefersJson(req("", "application/json")), true);
  assert.equal(prefersJson(req("")), false);
});
