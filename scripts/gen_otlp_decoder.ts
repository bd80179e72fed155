/**
 * Compiles shared/otlp/proto/trace_subset.proto with pbf's compiler (pbf 5.2.1, the version
 * shared/deps/pbf.ts runs) into shared/otlp/proto/trace_pb.js and its declarations trace_pb.d.ts.
 * `npm run gen:otlp-decoder`; shared/otlp/proto/trace_pb_test.ts checks the committed files are its output.
 */
import { compileRaw } from "npm:pbf@5.2.1/compile";
import schema from "npm:protocol-buffers-schema@3.6.1";

const protoDir = new URL("../shared/otlp/proto/", import.meta.url);

/** The compiled reader/writer module and its declarations, from the .proto file's text. */
export function compileTraceSchema(protoText: string): { js: string; dts: string } {
  const parsed = schema.parse(protoText);
  // The declarations import pbf's types by its bare name; Deno resolves the pinned npm specifier instead.
  const dts = compileRaw(parsed, { dts: true }).replace("from 'pbf';", 'from "npm:pbf@5.2.1";');
  return { js: `// @ts-self-types="./trace_pb.d.ts"\n${compileRaw(parsed, {})}`, dts };
}

/** The .proto file's text. */
export function readTraceSchema(): string {
  return Deno.readTextFileSync(new URL("trace_subset.proto", protoDir));
}

if (import.meta.main) {
  const { js, dts } = compileTraceSchema(readTraceSchema());
  Deno.writeTextFileSync(new URL("trace_pb.js", protoDir), js);
  Deno.writeTextFileSync(new URL("trace_pb.d.ts", protoDir), dts);
  console.log("wrote shared/otlp/proto/trace_pb.js and trace_pb.d.ts");
}
