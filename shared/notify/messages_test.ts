import assert from "node:assert/strict";
import { alertMessageSchema } from "./messages.ts";
import { SAMPLE_MESSAGE } from "../../tests/fixtures/notify/sample_message.ts";

Deno.test("an alert message read back from the outbox is checked, not cast", () => {
  assert.deepEqual(alertMessageSchema.parse(SAMPLE_MESSAGE), SAMPLE_MESSAGE);
  const { title: _title, ...untitled } = SAMPLE_MESSAGE;
  assert.equal(alertMessageSchema.safeParse(untitled).success, false);
  assert.equal(alertMessageSchema.safeParse({ ...SAMPLE_MESSAGE, severity: "INFO" }).success, false);
});
