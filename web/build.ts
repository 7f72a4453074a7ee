/**
 * Builds the explorer (web/src) into web/dist with esbuild: ES modules split into chunks, so the
 * first view loads only what it needs. The verifier (the custody rules and their zod schemas,
 * most of the SDK's weight) and the graph layout are loaded when a view asks for them.
 *
 *   npm run build:web            (also run before `npm start` and `npm run demo`)
 *
 * The budget is checked on every build: a build over it fails, naming the file.
 */
import { build, type Metafile } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';

const WEB = fileURLToPath(new URL('.', import.meta.url));
export const DIST = join(WEB, 'dist');

/**
 * Minified bytes allowed. The first view (the dashboard) needs `main.js` and the stylesheet; the
 * verifier chunk is fetched when a bundle is checked or an event is signed, the layout chunk when
 * a lineage graph is drawn.
 */
export const BUDGET = {
  /** The first view: everything fetched before the dashboard is interactive. */
  initialBytes: 90 * 1024,
  /** Any one lazily loaded chunk. */
  chunkBytes: 600 * 1024,
} as const;

export interface BuiltFile {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Fetched by the first view (the entry and the chunks it imports statically). */
  initial: boolean;
}

export interface BuildReport {
  files: BuiltFile[];
  initialBytes: number;
  initialGzipBytes: number;
}

/** The files the entry pulls in with static imports: what the browser fetches before it runs. */
function initialFiles(meta: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of meta.outputs[file]?.imports ?? []) if (imp.kind === 'import-statement') visit(imp.path);
  };
  visit(entry);
  return seen;
}

export async function buildExplorer(options: { outdir?: string; quiet?: boolean } = {}): Promise<BuildReport> {
  const outdir = options.outdir ?? DIST;
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: { main: join(WEB, 'src/main.tsx'), app: join(WEB, 'src/app.css') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    metafile: true,
    legalComments: 'eof',
    chunkNames: 'chunks/[name]-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
    absWorkingDir: join(WEB, '..'),
  });
  const cwd = join(WEB, '..');
  const entry = relative(cwd, join(outdir, 'main.js'));
  const initial = initialFiles(result.metafile, entry);
  // The chunks main.js imports, announced in the page so the browser fetches them alongside it
  // rather than after parsing it (one round trip instead of two).
  const preloads = [...initial]
    .filter((file) => file !== entry)
    .map((file) => `<link rel="modulepreload" href="./${relative(relative(cwd, outdir), file)}">`)
    .join('\n');
  const html = readFileSync(join(WEB, 'index.html'), 'utf8').replace('<!-- modulepreload -->', preloads);
  writeFileSync(join(outdir, 'index.html'), html);
  initial.add(relative(cwd, join(outdir, 'app.css')));
  const files: BuiltFile[] = Object.entries(result.metafile.outputs).map(([file, out]) => ({
    file: relative(relative(cwd, outdir), file),
    bytes: out.bytes,
    gzipBytes: gzipSync(readFileSync(join(cwd, file))).length,
    initial: initial.has(file),
  }));
  files.push({ file: 'index.html', bytes: readFileSync(join(outdir, 'index.html')).length, gzipBytes: 0, initial: true });
  const initialBytes = files.filter((f) => f.initial).reduce((sum, f) => sum + f.bytes, 0);
  const initialGzipBytes = files.filter((f) => f.initial).reduce((sum, f) => sum + f.gzipBytes, 0);
  const report = { files, initialBytes, initialGzipBytes };
  if (!options.quiet) printReport(report);
  const over = files.find((f) => !f.initial && f.bytes > BUDGET.chunkBytes);
  if (initialBytes > BUDGET.initialBytes) throw new Error(`explorer budget: the first view needs ${initialBytes} bytes, over ${BUDGET.initialBytes}`);
  if (over) throw new Error(`explorer budget: ${over.file} is ${over.bytes} bytes, over ${BUDGET.chunkBytes}`);
  return report;
}

function printReport(report: BuildReport): void {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of [...report.files].sort((a, b) => b.bytes - a.bytes)) {
    console.log(`  ${f.initial ? 'first view' : 'lazy      '}  ${kb(f.bytes).padStart(9)}  ${kb(f.gzipBytes).padStart(9)} gz  ${f.file}`);
  }
  console.log(`  first view: ${kb(report.initialBytes)} (${kb(report.initialGzipBytes)} gzipped), budget ${kb(BUDGET.initialBytes)}; lazy chunks each under ${kb(BUDGET.chunkBytes)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildExplorer();
}
