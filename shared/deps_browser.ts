/**
 * Third-party modules that are also bundled into the browser (`dist/dashboard.html`): small and
 * free of Node and Deno APIs. zod's `mini` build, at the same pinned version as `deps.ts`'s zod,
 * because the full build does not tree-shake (about 440 KB in a bundle against 18 KB).
 */
export * as zm from "npm:zod@4.6.7/mini";
