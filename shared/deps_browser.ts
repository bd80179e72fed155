/**
 * Third-party modules that are also bundled into the browser (`dist/dashboard.html`): small and
 * free of Node and Deno APIs. zod's `mini` build, at the same pinned version as `deps.ts`'s zod,
 * imported by name: the full build, or a whole namespace, does not tree-shake (about 450 KB in
 * the bundle against about 20 KB).
 */
export {
  array,
  enum as enumOf,
  looseObject,
  nullable,
  number,
  object,
  optional,
  record,
  string,
  unknown,
} from "npm:zod@4.6.7/mini";
