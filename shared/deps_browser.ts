/**
 * Third-party modules that are also bundled into the browser (`dist/dashboard.html`): small and
 * free of Node and Deno APIs. zod at the version shared/deps/zod.ts pins (3.23.8: a function's
 * server-side bundle carries each npm package whole, and zod 4's folder is 6.3 MB), with the
 * names the dashboard's schemas use. zod 3 does not tree-shake, so the static page carries about
 * 57 KB of it.
 */
import { z } from "npm:zod@3.23.8";

export {
  array,
  boolean,
  enum as enumOf,
  nullable,
  number,
  object,
  optional,
  record,
  string,
  unknown,
} from "npm:zod@3.23.8";

/** An object schema that checks the given fields and passes any other through untouched. */
export function looseObject<T extends z.ZodRawShape>(shape: T): z.ZodObject<T, "passthrough"> {
  return z.object(shape).passthrough();
}
