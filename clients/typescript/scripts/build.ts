/**
 * Builds the package's `dist/` (ES2022 modules for Node 20+, Deno and edge runtimes, with `.d.ts`) from
 * `src/` with the TypeScript compiler, pinned here. `deno run -A clients/typescript/scripts/build.ts`
 * writes clients/typescript/dist; `--out <dir>` writes elsewhere (the test that dist is current builds
 * into a temporary folder and compares). dist is committed, so that installing the package (from the
 * folder or the packed tarball) needs no build step and no compiler.
 */
import ts from "npm:typescript@5.9.3";

const PACKAGE = new URL("..", import.meta.url).pathname;

/** The compiler options of the published build. */
export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  strict: true,
  declaration: true,
  allowImportingTsExtensions: true,
  rewriteRelativeImportExtensions: true,
  skipLibCheck: true,
  newLine: ts.NewLineKind.LineFeed,
  removeComments: false,
  types: [],
};

/** The source files of the build: src/*.ts without tests. */
export function sourceFiles(): string[] {
  return [...Deno.readDirSync(`${PACKAGE}src`)]
    .map((entry) => entry.name)
    .filter((name) => name.endsWith(".ts") && !name.endsWith("_test.ts"))
    .sort()
    .map((name) => `${PACKAGE}src/${name}`);
}

/** Compiles src/ into `outDir`; throws with the compiler's diagnostics when it does not compile. */
export function build(outDir: string): string[] {
  Deno.removeSync(outDir, { recursive: true });
  Deno.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const program = ts.createProgram(sourceFiles(), { ...COMPILER_OPTIONS, outDir, rootDir: `${PACKAGE}src` });
  const host: ts.WriteFileCallback = (fileName, content) => {
    // tsc rewrites `./x.ts` imports to `./x.js` in JavaScript but not in declarations: done here.
    const text = fileName.endsWith(".d.ts")
      ? content.replace(/(from\s+["']\.{1,2}\/[^"']+)\.ts(["'])/g, "$1.js$2")
      : content;
    Deno.mkdirSync(fileName.slice(0, fileName.lastIndexOf("/")), { recursive: true });
    Deno.writeTextFileSync(fileName, text);
    written.push(fileName.slice(outDir.length + 1));
  };
  const result = program.emit(undefined, host);
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  if (diagnostics.length > 0) {
    throw new Error(ts.formatDiagnosticsWithColorAndContext(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => PACKAGE,
      getNewLine: () => "\n",
    }));
  }
  return written.sort();
}

if (import.meta.main) {
  const at = Deno.args.indexOf("--out");
  const outDir = at >= 0 ? Deno.args[at + 1] : `${PACKAGE}dist`;
  Deno.mkdirSync(outDir, { recursive: true });
  const files = build(outDir.replace(/\/+$/, ""));
  console.log(`wrote ${files.length} files to ${outDir}`);
}
