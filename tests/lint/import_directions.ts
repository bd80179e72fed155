/**
 * Which folder may import which, so that the folders show who depends on whom. A folder is a
 * top-level folder (cli, local, bench, scripts, tests), one of shared/'s folders, or one
 * function under supabase/functions. Test code (every `*_test.ts` and everything under tests/)
 * may import anything; for the rest:
 * - no two folders depend on each other, directly or round a longer cycle;
 * - shared/ imports nothing outside shared/ (it is what the functions deploy);
 * - a function imports only its own folder and shared/;
 * - nothing but test code imports tests/.
 */
import { dirname, join, normalize, relative } from "node:path";

/** One relative import: the importing file and the file it names, both relative to the root. */
export interface Import {
  from: string;
  to: string;
}

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^"';]*?from\s*["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']/g;

/** The relative imports of one file's source. */
export function importsOf(file: string, source: string): Import[] {
  const out: Import[] = [];
  for (const m of source.matchAll(SPECIFIER)) {
    out.push({ from: file, to: normalize(join(dirname(file), m[1] ?? m[2])) });
  }
  return out;
}

/** The folder a file belongs to. */
export function folderOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] === "shared" && parts.length > 2) return `shared/${parts[1]}`;
  if (parts[0] === "supabase" && parts[1] === "functions" && parts.length > 3) {
    return `supabase/functions/${parts[2]}`;
  }
  return parts[0];
}

const isTestCode = (file: string) => file.endsWith("_test.ts") || file.startsWith("tests/");
const within = (file: string, top: string) => file === top || file.startsWith(`${top}/`);

/** Every rule an import breaks, as a sentence naming the file; [] when all hold. */
export function importProblems(imports: Import[]): string[] {
  const problems: string[] = [];
  const edges = new Map<string, Map<string, Import>>();
  for (const i of imports) {
    if (isTestCode(i.from)) continue;
    const a = folderOf(i.from);
    const b = folderOf(i.to);
    if (within(i.to, "tests")) problems.push(`${i.from} imports test code ${i.to}`);
    if (within(i.from, "shared") && !within(i.to, "shared")) {
      problems.push(`${i.from} (shared/) imports ${i.to}, outside shared/`);
    }
    if (a.startsWith("supabase/functions/") && a !== b && !within(i.to, "shared")) {
      problems.push(`${i.from} (a function) imports ${i.to}, neither its own folder nor shared/`);
    }
    if (a === b) continue;
    if (!edges.has(a)) edges.set(a, new Map());
    if (!edges.get(a)!.has(b)) edges.get(a)!.set(b, i);
  }
  // Cycles: a depth-first search from each folder; each cycle reported once, from its least folder.
  const seen = new Set<string>();
  const visit = (start: string, at: string, path: Import[], onPath: Set<string>) => {
    for (const [next, via] of edges.get(at) ?? []) {
      if (next === start) {
        const cycle = [...path, via];
        const key = cycle.map((c) => folderOf(c.from)).sort().join(" ");
        if (!seen.has(key)) {
          seen.add(key);
          problems.push(
            `folders depend on each other: ${cycle.map((c) => `${c.from} imports ${c.to}`).join("; ")}`,
          );
        }
      } else if (next > start && !onPath.has(next)) {
        onPath.add(next);
        visit(start, next, [...path, via], onPath);
        onPath.delete(next);
      }
    }
  };
  for (const start of [...edges.keys()].sort()) visit(start, start, [], new Set([start]));
  return problems;
}

/** The relative imports of every .ts file under the given folders of root. */
export async function readImports(root: string, folders: string[]): Promise<Import[]> {
  const out: Import[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.name.endsWith(".ts")) {
        out.push(...importsOf(relative(root, path), await Deno.readTextFile(path)));
      }
    }
  };
  for (const folder of folders) await walk(join(root, folder));
  return out;
}
