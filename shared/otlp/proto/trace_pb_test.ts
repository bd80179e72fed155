import assert from "node:assert/strict";
import { compileTraceSchema, readTraceSchema } from "../../../scripts/gen_otlp_decoder.ts";

Deno.test("trace_pb.js and trace_pb.d.ts are pbf's compilation of trace_subset.proto (npm run gen:otlp-decoder)", () => {
  const { js, dts } = compileTraceSchema(readTraceSchema());
  assert.equal(Deno.readTextFileSync(new URL("trace_pb.js", import.meta.url)), js);
  assert.equal(Deno.readTextFileSync(new URL("trace_pb.d.ts", import.meta.url)), dts);
});
