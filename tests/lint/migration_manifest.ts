/**
 * Migrations are append-only: once a migration has landed on main it never changes, because
 * `supabase db push` records versions, not content, so an installed project would silently keep
 * the old SQL. `supabase/migrations.sha256` lists every landed migration as
 * `<sha256>  supabase/migrations/<file>` (the format of `sha256sum`, so
 * `sha256sum -c supabase/migrations.sha256` checks it by hand too). The manifest only ever grows:
 * a new migration adds one line; no line is edited or removed. Fixes are new migrations.
 */

/** The manifest's path, relative to the project root. */
export const MANIFEST_PATH = "supabase/migrations.sha256";
/** The migrations folder, relative to the project root. */
export const MIGRATIONS_DIR = "supabase/migrations";

/** One line of the manifest. */
export interface ManifestEntry {
  /** 1-based line number in the manifest. */
  line: number;
  sha256: string;
  /** Path relative to the project root, e.g. `supabase/migrations/20261124001000_create_monitoring_schema.sql`. */
  path: string;
}

const LINE = /^([0-9a-f]{64}) {2}(supabase\/migrations\/[^/\s]+\.sql)$/;

/** Parses the manifest text; a line that is not `<64 hex>  supabase/migrations/<file>.sql` is a problem. */
export function parseManifest(text: string): { entries: ManifestEntry[]; problems: string[] } {
  const entries: ManifestEntry[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  text.split("\n").forEach((raw, i) => {
    const line = i + 1;
    if (raw === "") return;
    const m = LINE.exec(raw);
    if (!m) {
      problems.push(
        `${MANIFEST_PATH}:${line}: not "<sha256>  supabase/migrations/<file>.sql" (two spaces, lowercase hex): ${
          JSON.stringify(raw)
        }`,
      );
      return;
    }
    const earlier = seen.get(m[2]);
    if (earlier !== undefined) {
      problems.push(`${MANIFEST_PATH}:${line}: ${m[2]} is listed twice (first on line ${earlier})`);
      return;
    }
    seen.set(m[2], line);
    entries.push({ line, sha256: m[1], path: m[2] });
  });
  return { entries, problems };
}

/** Lowercase hex SHA-256 of some bytes. */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * What is wrong with the migrations folder against the manifest, one sentence each (empty when
 * all is well): a landed migration changed or gone, or a migration the manifest does not list yet
 * (with the exact line to append).
 */
export async function checkMigrations(
  manifestText: string,
  files: ReadonlyMap<string, Uint8Array<ArrayBuffer>>,
): Promise<string[]> {
  const { entries, problems } = parseManifest(manifestText);
  const listed = new Set(entries.map((e) => e.path));
  for (const entry of entries) {
    const bytes = files.get(entry.path);
    if (bytes === undefined) {
      problems.push(
        `${entry.path} landed (${MANIFEST_PATH}:${entry.line}) but is missing: restore it ` +
          `(git checkout main -- ${entry.path}); landed migrations are never removed.`,
      );
      continue;
    }
    const actual = await sha256Hex(bytes);
    if (actual !== entry.sha256) {
      problems.push(
        `${entry.path} changed after it landed (${MANIFEST_PATH}:${entry.line} says ${entry.sha256}, ` +
          `the file is ${actual}): restore it (git checkout main -- ${entry.path}) and make the change ` +
          `in a new migration (create or replace, alter).`,
      );
    }
  }
  for (const path of [...files.keys()].sort()) {
    if (listed.has(path)) continue;
    const hash = await sha256Hex(files.get(path)!);
    problems.push(`${path} is not in ${MANIFEST_PATH}; append this line to it:\n${hash}  ${path}`);
  }
  return problems;
}

/** Reads every `*.sql` file of the migrations folder under `root`, keyed by its root-relative path. */
export async function readMigrations(root: string): Promise<Map<string, Uint8Array<ArrayBuffer>>> {
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  for await (const entry of Deno.readDir(`${root}/${MIGRATIONS_DIR}`)) {
    if (!entry.isFile || !entry.name.endsWith(".sql")) continue;
    files.set(
      `${MIGRATIONS_DIR}/${entry.name}`,
      await Deno.readFile(`${root}/${MIGRATIONS_DIR}/${entry.name}`),
    );
  }
  return files;
}
