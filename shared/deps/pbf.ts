/**
 * pbf, pinned: the protobuf reader and writer the `otlp` function decodes OTLP/HTTP protobuf bodies with
 * (about 70 KB; protobufjs's folder, 3.8 MB carried whole, would not fit the 5 MB function bundle beside
 * the tokenizer). Its compiler turns shared/otlp/proto/trace_subset.proto into shared/otlp/proto/trace_pb.js
 * (`npm run gen:otlp-decoder`).
 */
export { PbfReader, PbfWriter } from "npm:pbf@5.2.1";
