/**
 * The size of each Edge Function's bundle as hosted Supabase builds it when the CLI deploys without Docker
 * (`supabase functions deploy --use-api`, or no Docker running, this project's case), where the limit is
 * 5 MB (docs: troubleshooting/edge-function-bundle-size-issues; 20 MB only when the CLI bundles locally).
 *
 * How that path collects files, and how this imitates it:
 *
 * 1. The CLI uploads source files (supabase/cli, pkg/function/deploy.go `writeForm` and deno.go
 *    `WalkImportPaths`): the entrypoint, then every file whose path a regex finds in an `import` / `export
 *    … from` / `import()` of an uploaded file, when the path is relative (`./`, `../`) or absolute and has
 *    an extension; `npm:` and URL specifiers are left to the server. {@link cliUploadSet} runs the same
 *    regex walk; a module the bundler needs but the walk misses would fail the deploy, so the test checks
 *    that every local module of the graph is uploaded.
 * 2. The server builds an eszip from the entrypoint's module graph (supabase/edge-runtime,
 *    crates/deno_facade/eszip/mod.rs `generate_binary_eszip`): code dependencies only (type-only imports
 *    are not part of a code graph), statically analysable dynamic imports included; TypeScript is stored
 *    transpiled with an inline source map that carries the source (emitter.rs `emit_options`:
 *    `SourceMapOption::Inline`, `inline_sources: true`); JavaScript and JSON as they are.
 *    {@link measureBundle} follows the `code` edges of `deno info --json` from the entrypoint and counts
 *    each local module's size, TypeScript times {@link TS_EMIT_FACTOR} (Deno's own emit of this
 *    repository's modules, with the same inline source maps, is 3.07 times their source).
 * 3. For npm packages the server adds the WHOLE folder of every package in the graph's npm resolution,
 *    dependencies included (eszip/vfs.rs `build_npm_vfs`: `add_dir_recursive` for each of
 *    `all_system_packages`), storing identical file contents once (virtual_fs.rs `add_file`, by checksum).
 *    {@link measureBundle} takes the packages the graph reaches, their dependency closure from
 *    `npmPackages`, and sums the files of each package's folder in Deno's npm cache (`localPath`), each
 *    distinct content once.
 *
 * Not counted: the eszip's own headers, the npm snapshot and the import map (a few KB). The npm resolution
 * is this lock file's; the server resolves without it, so newer patch versions of dependencies may differ.
 */
import { z } from "../../shared/deps/zod.ts";

/** Hosted Supabase's server-side bundle limit, read as 5,000,000 bytes (the smaller reading of "5 MB"). */
export const SERVER_BUNDLE_LIMIT_BYTES = 5_000_000;

/** Emitted size of a TypeScript module relative to its source (transpiled JS plus inline source map). */
export const TS_EMIT_FACTOR = 3.1;

const Dependency = z.object({
  specifier: z.string(),
  code: z.object({ specifier: z.string() }).optional(),
});

const Module = z.object({
  kind: z.string(),
  specifier: z.string(),
  size: z.number().optional(),
  mediaType: z.string().optional(),
  local: z.string().optional(),
  error: z.string().optional(),
  npmPackage: z.string().optional(),
  dependencies: z.array(Dependency).optional(),
});

const DenoInfo = z.object({
  roots: z.array(z.string()),
  modules: z.array(Module),
  redirects: z.record(z.string(), z.string()),
  npmPackages: z.record(
    z.string(),
    z.object({ dependencies: z.array(z.string()), localPath: z.string().optional() }),
  ),
});

/** One function's bundle as the server-side path would build it. */
export interface BundleSize {
  /** Function name (its folder under supabase/functions). */
  name: string;
  /** Local modules of the code graph: path (from the project root) and bytes as stored. */
  modules: { path: string; bytes: number }[];
  /** npm packages carried whole: id (`name@version`) and bytes of their distinct files. */
  packages: { id: string; bytes: number }[];
  /** Local modules plus npm packages. */
  total: number;
  /** Local modules of the graph that the CLI's upload walk would not send. */
  notUploaded: string[];
  /** Modules deno could not resolve or load. */
  errors: string[];
}

/** Function names: the folders of supabase/functions that have an index.ts (as `supabase functions deploy`). */
export function functionNames(root: string): string[] {
  return [...Deno.readDirSync(`${root}/supabase/functions`)]
    .filter((e) => e.isDirectory && exists(`${root}/supabase/functions/${e.name}/index.ts`))
    .map((e) => e.name)
    .sort();
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The CLI's import regex (supabase/cli pkg/function/deno.go `importPathPattern`). */
const IMPORT_PATH =
  /(?:import|export)\s+(?:type\s+)?(?:{[^{}]+}|.*?)\s*(?:from)?\s*['"](.*?)['"]|import\(\s*['"](.*?)['"]\)/gi;

/** `path.Clean` of a slash path (no trailing slash, `.` and `..` resolved). */
function cleanPath(path: string): string {
  const absolute = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (part !== ".." || !absolute) out.push(part);
  }
  return (absolute ? "/" : "") + out.join("/");
}

const dirname = (path: string): string => path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ".";

/**
 * The files the CLI uploads for an entrypoint (paths relative to the project root), by its regex walk over
 * the sources; no import map substitution (the functions' deno.json files have no `imports`).
 */
export function cliUploadSet(root: string, entrypoint: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entrypoint];
  while (queue.length > 0) {
    const current = queue.pop()!;
    if (seen.has(current)) continue;
    let text: string;
    try {
      text = Deno.readTextFileSync(`${root}/${current}`);
    } catch {
      continue; // the CLI warns and goes on
    }
    seen.add(current);
    for (const match of text.matchAll(IMPORT_PATH)) {
      const mod = (match[1] || match[2] || "").trim();
      if (!mod.slice(mod.lastIndexOf("/") + 1).includes(".")) continue; // Go's path.Ext(mod) == ""
      const relative = mod.startsWith("./") || mod.startsWith("../");
      if (!relative && !mod.startsWith("/")) continue;
      queue.push(cleanPath(relative ? `${dirname(current)}/${mod}` : mod));
    }
  }
  return seen;
}

function denoInfo(root: string, entrypoint: string): z.infer<typeof DenoInfo> {
  const output = new Deno.Command(`${root}/node_modules/.bin/deno`, {
    args: ["info", "--json", "--config", `${root}/deno.json`, `${root}/${entrypoint}`],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  if (!output.success) {
    throw new Error(`deno info ${entrypoint} failed: ${new TextDecoder().decode(output.stderr)}`);
  }
  return DenoInfo.parse(JSON.parse(new TextDecoder().decode(output.stdout)));
}

/** Sizes of a folder's files, each distinct content once (keyed by SHA-256). */
async function folderFiles(path: string, into: Map<string, number>): Promise<void> {
  for (const entry of Deno.readDirSync(path)) {
    const full = `${path}/${entry.name}`;
    if (entry.isDirectory) await folderFiles(full, into);
    else if (entry.isFile) {
      const bytes = Deno.readFileSync(full);
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
      into.set(Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""), bytes.length);
    }
  }
}

const sum = (values: Iterable<number>): number => {
  let total = 0;
  for (const value of values) total += value;
  return total;
};

/** Measures one function's bundle (see the module comment for what is counted and why). */
export async function measureBundle(root: string, name: string): Promise<BundleSize> {
  const entrypoint = `supabase/functions/${name}/index.ts`;
  const info = denoInfo(root, entrypoint);
  const bySpecifier = new Map(info.modules.map((m) => [m.specifier, m]));
  const resolve = (specifier: string): string => info.redirects[specifier] ?? specifier;
  const modules: BundleSize["modules"] = [];
  const errors: string[] = [];
  const npmRoots = new Set<string>();
  const visited = new Set<string>();
  const queue = info.roots.map(resolve);
  while (queue.length > 0) {
    const specifier = queue.pop()!;
    if (visited.has(specifier)) continue;
    visited.add(specifier);
    const module = bySpecifier.get(specifier);
    if (!module) continue;
    if (module.error) errors.push(`${specifier}: ${module.error}`);
    if (module.kind === "npm" && module.npmPackage) npmRoots.add(module.npmPackage);
    if (module.kind === "esm" && specifier.startsWith("file://") && module.size !== undefined) {
      const path = decodeURIComponent(new URL(specifier).pathname).slice(root.length + 1);
      const typescript = /^(TypeScript|TSX|Mts|Cts|Dts)$/i.test(module.mediaType ?? "") ||
        /\.m?tsx?$/.test(path);
      modules.push({ path, bytes: Math.round(module.size * (typescript ? TS_EMIT_FACTOR : 1)) });
    }
    for (const dependency of module.dependencies ?? []) {
      if (dependency.code) queue.push(resolve(dependency.code.specifier));
    }
  }
  const packageIds = new Set<string>();
  const pending = [...npmRoots];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (packageIds.has(id)) continue;
    packageIds.add(id);
    pending.push(...(info.npmPackages[id]?.dependencies ?? []));
  }
  const files = new Map<string, number>();
  const packages: BundleSize["packages"] = [];
  for (const id of [...packageIds].sort()) {
    const localPath = info.npmPackages[id]?.localPath;
    if (!localPath) {
      errors.push(`npm package ${id} has no folder in Deno's cache`);
      continue;
    }
    const own = new Map<string, number>();
    await folderFiles(localPath, own);
    for (const [hash, bytes] of own) files.set(hash, bytes);
    packages.push({ id, bytes: sum(own.values()) });
  }
  const uploaded = cliUploadSet(root, entrypoint);
  return {
    name,
    modules: modules.sort((a, b) => b.bytes - a.bytes),
    packages,
    total: sum(modules.map((m) => m.bytes)) + sum(files.values()),
    notUploaded: modules.map((m) => m.path).filter((path) => !uploaded.has(path)),
    errors,
  };
}

/** "4.81 MB" (decimal megabytes, as the limit is read). */
export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}
