/**
 * How fast the explorer's first view (the dashboard) becomes usable, in Debian's headless
 * Chromium on loopback: cold loads (a fresh browser context each time, no cache), navigation
 * start to the app's `tally:interactive` mark (shell, navigation and view rendered: the page
 * answers input) and to `tally:dashboard-complete` (every chart's figures in). Baseline in the
 * same run: the server's Swagger UI at /docs to its load event. Prints a table and writes
 * bench/results/explorer-load.json.
 *
 *   npx tsx bench/explorer-load.ts [--rounds 15] [--batches 200]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../api/server.js';
import { toBase64Url } from '../ledger/encoding/bytes.js';
import { buildExplorer } from '../web/build.js';
import { HAVE_CHROMIUM, CHROMIUM, TestBrowser } from '../test/web/browser.js';
import { benchKeys, registerRecycler, scrapRegistrations } from './fixtures.js';
import { median, quantile, writeResult } from './report.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' }, batches: { type: 'string', default: '200' } } });
const ROUNDS = Number(values.rounds);

if (!HAVE_CHROMIUM) {
  console.log(`no Chromium at ${CHROMIUM}: apt-get install chromium`);
  process.exit(0);
}

const build = await buildExplorer({ quiet: true });
const keys = benchKeys();
const dataDir = mkdtempSync(join(tmpdir(), 'tally-bench-web-'));
const server = await startServer(
  { port: 0, host: '127.0.0.1', dataDir, origin: keys.origin, homeCountry: 'GB', registrarKey: toBase64Url(keys.registrar.publicKey), backgroundCheck: false },
  () => {},
);
const browser = await TestBrowser.launch();
try {
  for (const envelope of [registerRecycler(keys), ...scrapRegistrations(keys, Number(values.batches), 'web')]) {
    const res = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope) });
    if (res.status !== 201) throw new Error(`seeding refused: ${await res.text()}`);
  }

  const marks = async (path: string, names: string[]) => {
    const { page } = await browser.page({ intercept: false });
    await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
    await page.waitForFunction((wanted: string[]) => wanted.every((n) => performance.getEntriesByName(n).length > 0), { timeout: 20_000 }, names);
    const times = await page.evaluate((wanted: string[]) => wanted.map((n) => performance.getEntriesByName(n)[0]!.startTime), names);
    await page.browserContext().close();
    return times;
  };

  const interactive: number[] = [];
  const complete: number[] = [];
  const docs: number[] = [];
  await marks('/', ['tally:interactive', 'tally:dashboard-complete']); // warm the server's file cache
  for (let i = 0; i < ROUNDS; i++) {
    const [a, b] = await marks('/', ['tally:interactive', 'tally:dashboard-complete']);
    interactive.push(a!);
    complete.push(b!);
    const [load] = await (async () => {
      const { page } = await browser.page({ intercept: false });
      await page.goto(`${server.url}/docs/`, { waitUntil: 'load' });
      const t = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventStart);
      await page.browserContext().close();
      return [t];
    })();
    docs.push(load!);
  }
  const row = (measure: string, xs: number[]) => ({ measure, 'median ms': +median(xs).toFixed(1), 'p90 ms': +quantile(xs, 0.9).toFixed(1), 'ratio to /docs': +(median(xs) / median(docs)).toFixed(2) });
  writeResult('explorer-load', [row('explorer: first view interactive', interactive), row('explorer: every dashboard figure in', complete), row('baseline: Swagger UI /docs loaded', docs)], {
    rounds: ROUNDS,
    batches: Number(values.batches),
    firstViewBytes: build.initialBytes,
    firstViewGzipBytes: build.initialGzipBytes,
  });
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
