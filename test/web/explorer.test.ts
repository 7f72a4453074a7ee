import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExplorer, type BuildReport } from '../../web/build.js';
import { TestServer } from '../support/server.js';
import { readKeyFile, writeKeyFile } from '../../sdk/node/key-file.js';
import { signCheckpoint } from '../../ledger/log/checkpoint.js';
import { verifierKeyString } from '../../ledger/log/note-verifier.js';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { sha256 } from '../../ledger/crypto/hash.js';
import { toHex, utf8Encode } from '../../ledger/encoding/bytes.js';
import { HAVE_CHROMIUM, CHROMIUM, SCREENSHOTS, TestBrowser, screenshot, type WatchedPage } from './browser.js';
import { tellScenario, type Scenario } from './scenario.js';

/**
 * The web explorer in headless Chromium against a real server and a real story: each view is
 * walked as a person would, and what the page shows is compared with what the API says.
 * Screenshots go to test-results/screenshots/.
 */

if (!HAVE_CHROMIUM) console.log(`skipping the browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`);

describe.skipIf(!HAVE_CHROMIUM)('web explorer in Chromium', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: TestBrowser;
  let story: Scenario;
  let build: BuildReport;
  let files: string;
  const pages: WatchedPage[] = [];

  beforeAll(async () => {
    build = await buildExplorer({ quiet: true });
    server = await TestServer.start({ origin: 'explorer.tally.test/log' });
    story = await tellScenario(server);
    browser = await TestBrowser.launch();
    files = mkdtempSync(join(tmpdir(), 'tally-web-files-'));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (files) rmSync(files, { recursive: true, force: true });
  });

  async function open(hash = '#/', viewport?: { width: number; height: number }): Promise<WatchedPage> {
    const watched = await browser.page();
    pages.push(watched);
    if (viewport) await watched.page.setViewport(viewport);
    await watched.page.goto(`${server.url}/${hash}`, { waitUntil: 'domcontentloaded' });
    return watched;
  }

  /** Form controls a screen reader could not name: no <label for>, no aria-label. */
  const unlabelled = (page: WatchedPage['page']) =>
    page.$$eval('input, select, textarea', (controls) =>
      controls
        .filter((c) => !(c.id && document.querySelector(`label[for="${c.id}"]`)) && !c.getAttribute('aria-label') && !c.closest('label'))
        .map((c) => c.outerHTML),
    );

  /** At a phone's width nothing is wider than the screen (no sideways scrolling of the page). */
  async function fitsPhone(page: WatchedPage['page'], name: string): Promise<void> {
    const before = page.viewport();
    await page.setViewport({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, name);
    if (before) await page.setViewport(before);
  }

  // The exact figure the page shows, as the digits it carries; report grams are strings (SPEC 1).
  const grams = (page: WatchedPage['page'], selector: string) => page.$eval(selector, (el) => el.getAttribute('data-grams'));

  it('builds within its budget, the verifier kept out of the first view', () => {
    expect(build.initialBytes).toBeLessThanOrEqual(90 * 1024);
    const first = build.files.filter((f) => f.initial).map((f) => f.file);
    expect(first).toContain('main.js');
    // The verifier chunk (zod and the custody rules) is lazy.
    expect(build.files.some((f) => !f.initial && f.bytes > 200 * 1024)).toBe(true);
  });

  it('serves the explorer at / with every asset from the server itself', async () => {
    const res = await server.get('/');
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(res.text).not.toMatch(/https?:\/\//);
  });

  it('dashboard: the retention figures, per material and by destination, equal the API', async () => {
    const { page } = await open('#/');
    await page.waitForSelector('[data-testid=registered] .figure');
    await page.waitForSelector('[data-testid=material-copper]');
    const api = (await server.get('/v1/reports/retention')).body;
    expect(await grams(page, '[data-testid=registered] .figure')).toBe(api.registeredG);
    expect(await grams(page, '[data-testid=exported] .figure')).toBe(api.exportedG);
    expect(await grams(page, '[data-testid=lost] .figure')).toBe(api.lostG);
    expect(await grams(page, '[data-testid=processed] .figure')).toBe(api.processedAtHomeG);
    expect(await grams(page, '[data-testid=stayed] .figure')).toBe(String(BigInt(api.registeredG) - BigInt(api.exportedG) - BigInt(api.lostG)));
    expect(await grams(page, '[data-testid=exported-scrap] .figure')).toBe(api.exportedAsScrapG);
    expect(await grams(page, '[data-testid=exported-processed] .figure')).toBe(api.exportedAfterProcessingG);
    expect(await grams(page, '[data-testid=export-TR] .figure')).toBe(api.exportedByCountry.TR);
    expect(api.exportedByCountry.TR).toBe('300000000');
    for (const material of ['copper', 'steel', 'aluminium']) {
      const m = (await server.get(`/v1/reports/retention?material=${material}`)).body;
      expect(await grams(page, `[data-testid=material-${material}] td:nth-of-type(1)`)).toBe(m.registeredG);
      expect(await grams(page, `[data-testid=material-${material}] td:nth-of-type(3)`)).toBe(m.exportedG);
      expect(await grams(page, `[data-testid=material-${material}] td:nth-of-type(4)`)).toBe(m.lostG);
    }
    const dependency = (await server.get('/v1/reports/dependency')).body;
    const copper = dependency.materials.find((m: any) => m.material === 'copper');
    await page.waitForSelector('[data-testid=dependency-copper]');
    const cap = await page.$eval('[data-testid=cap-copper]', (el) => el.textContent ?? '');
    const top = copper.byCountry[0];
    expect(cap).toContain(`${top.country} ${(top.share * 100).toFixed(4).replace(/\.?0+$/, '')}%`);
    expect(cap).toContain(copper.flagged.length > 0 ? 'above' : 'within');
    expect(await page.$eval('[data-testid=recycled-copper]', (el) => el.textContent ?? '')).toContain(copper.meetsRecycledTarget ? 'meets' : 'below');
    expect(await page.$('[data-testid=dependency-_all]')).toBeNull();
    const log = (await server.get('/v1/log')).body;
    await page.waitForFunction(() => document.querySelector('[data-testid=consistency]')?.textContent?.includes('first visit'));
    expect(await page.$eval('[data-testid=log-size]', (el) => el.textContent)).toBe(log.size.toLocaleString('en-GB'));
    expect(await page.$eval('[data-testid=log-root]', (el) => el.textContent)).toBe(log.rootHash);
    expect(await page.$eval('[data-testid=server-key]', (el) => el.textContent)).toBe(log.logKey);
    expect(await unlabelled(page)).toEqual([]);
    await screenshot(page, 'dashboard');
  });

  it('dashboard: proves a grown log consistent with the checkpoint it saw, and fits a phone', async () => {
    const { page } = await open('#/', { width: 390, height: 844 });
    await page.waitForFunction(() => document.querySelector('[data-testid=consistency]')?.textContent?.includes('first visit'));
    await registerMore(server, story, 'cu-more-1');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.querySelector('[data-testid=consistency]')?.textContent?.includes('proven consistent'));
    expect(await page.$('[data-testid=fork-alarm]')).toBeNull();
    await fitsPhone(page, 'dashboard-phone');
  });

  it('is usable from the keyboard: skip link, then the views, each landing on its heading', async () => {
    const { page } = await open('#/');
    await page.waitForSelector('[data-testid=registered]');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    let label = '';
    for (let i = 0; i < 6 && label !== 'Check a claim'; i++) {
      await page.keyboard.press('Tab');
      label = await page.evaluate(() => document.activeElement?.textContent ?? '');
    }
    expect(label).toBe('Check a claim');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.tagName === 'H2' && document.activeElement.textContent === 'Check a claim');
    expect(await page.evaluate(() => document.querySelector('nav a[aria-current=page]')?.textContent)).toBe('Check a claim');
  });

  it('dashboard: warns loudly when the log shows a history that does not extend the one this browser saw', async () => {
    const { page } = await open('#/');
    await page.waitForSelector('[data-testid=log-size]');
    const log = (await server.get('/v1/log')).body;
    // What a forked log would have signed: the same size, another root, with the real log key.
    const logKey = readKeyFile(join(server.config.dataDir, 'log-key.json'));
    const otherRoot = toHex(sha256(utf8Encode('another history')));
    const forged = signCheckpoint({ origin: log.origin, size: log.size, rootHash: otherRoot }, logKey.secretKey, logKey.publicKey);
    await page.evaluate(
      (key, value) => localStorage.setItem(key, value),
      `tally.lastCheckpoint:${log.logKey}`,
      JSON.stringify({ size: log.size, rootHash: otherRoot, checkpoint: forged }),
    );
    await page.reload({ waitUntil: 'domcontentloaded' });
    const alarm = await page.waitForSelector('[data-testid=fork-alarm]');
    const text = await alarm!.evaluate((el) => el.textContent ?? '');
    expect(text).toContain('FORK DETECTED');
    expect(text).toContain(otherRoot);
    expect(await alarm!.evaluate((el) => el.getAttribute('role'))).toBe('alert');
    await screenshot(page, 'dashboard-fork');
  });

  it('claim checker: a real bundle verifies in the page, a tampered one is refused naming the entry, nothing is uploaded', async () => {
    const bundle = (await server.signedGet(`/v1/batches/${story.rod}/bundle`, story.cables.signer)).body;
    const good = join(files, 'rod-bundle.json');
    writeFileSync(good, JSON.stringify(bundle));
    const tampered = structuredClone(bundle);
    const registration = tampered.entries.findIndex((item: any) => item.entry.event.type === 'batch.register' && item.entry.event.batch.id === 'cu-uk-1');
    tampered.entries[registration].entry.event.batch.massG += 1_000_000;
    const bad = join(files, 'rod-bundle-tampered.json');
    writeFileSync(bad, JSON.stringify(tampered));
    const claims = (await server.signedPost('/v1/claims/verify', { batch: story.rod, claims: [{ kind: 'recycled', atLeast: 0.3 }, { kind: 'home-origin', atLeast: 0.3 }] }, story.cables.signer)).body;

    const watched = await open('#/check');
    const { page } = watched;
    await page.waitForSelector('#bundle-file');
    // Without a pinned key the page refuses to vouch for anything.
    await (await page.$('input#bundle-file'))!.uploadFile(good);
    await page.waitForSelector('[data-testid=refusal-code]');
    expect(await page.$eval('[data-testid=refusal-code]', (el) => el.textContent)).toBe('no_pinned_key');

    await page.click('[data-testid=pin-server-key]');
    const before = watched.requests.length;
    await (await page.$('input#bundle-file'))!.uploadFile(good);
    await page.waitForSelector('[data-testid=verified]', { timeout: 20_000 });
    expect(await page.$eval('[data-testid=verified-batch]', (el) => el.textContent)).toBe(story.rod);
    const recycled = await page.$eval('[data-testid=claim-recycled] td.num', (el) => el.textContent);
    expect(recycled).toBe(`${(claims.results[0].share * 100).toFixed(4).replace(/\.?0+$/, '')}%`);
    expect(recycled).toBe('68.1818%'); // SPEC 4's worked example
    expect(await page.$eval('[data-testid=claim-recycled]', (el) => el.textContent)).toContain('controlled-blending');
    expect(await page.$eval('[data-testid=claim-not-exported]', (el) => el.textContent)).toContain('inconclusive');
    expect(await page.$$eval('.composition tbody tr', (rows) => rows.length)).toBe(3);
    expect(await unlabelled(page)).toEqual([]);
    await screenshot(page, 'checker-verified');
    await fitsPhone(page, 'checker-verified-phone');

    // The same file dropped onto the page, as a drag-and-drop from the desktop does it.
    const text = JSON.stringify(tampered);
    await page.evaluate((content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], 'dropped-tampered.json', { type: 'application/json' }));
      document.querySelector('[data-testid=drop-zone]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, text);
    await page.waitForSelector('[data-testid=refused]');
    const refusal = await page.$eval('[data-testid=refused]', (el) => el.textContent ?? '');
    expect(refusal).toContain(`entry ${tampered.entries[registration].seq}`);
    expect(refusal).toContain('dropped-tampered.json');
    expect(await page.$eval('[data-testid=refusal-code]', (el) => el.textContent)).toBe('bundle_invalid_inclusion');

    await (await page.$('input#bundle-file'))!.uploadFile(bad);
    await page.waitForFunction(() => document.querySelector('[data-testid=refused]')?.textContent?.includes('rod-bundle-tampered.json'));
    await screenshot(page, 'checker-refused');

    // Checking files sent nothing: no request after the key was pinned carries a body or names the batch.
    const after = watched.requests.slice(before);
    expect(after.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(after.filter((r) => r.url.includes(story.rod))).toEqual([]);
  });

  it('claim checker: against a key the user pinned that is not this log\'s, the page warns and verifies nothing', async () => {
    const bundle = (await server.signedGet(`/v1/batches/${story.rod}/bundle`, story.cables.signer)).body;
    const file = join(files, 'rod-bundle-2.json');
    writeFileSync(file, JSON.stringify(bundle));
    // The key the user was given out of band; the server being checked signs with another.
    const given = verifierKeyString(server.origin, generateKeyPair().publicKey);
    const { page } = await open('#/check');
    await page.waitForSelector('#paste-key');
    await page.type('#paste-key', 'not a key');
    await page.click('.key-panel form button[type=submit]');
    await page.waitForSelector('#paste-key-error');
    await page.$eval('#paste-key', (el) => ((el as HTMLInputElement).value = ''));
    await page.type('#paste-key', given);
    await page.click('.key-panel form button[type=submit]');
    await page.waitForSelector('[data-testid=key-mismatch]');
    expect(await page.$eval('[data-testid=pinned-key]', (el) => el.textContent)).toBe(given);
    await (await page.$('input#bundle-file'))!.uploadFile(file);
    await page.waitForSelector('[data-testid=refusal-code]');
    expect(await page.$eval('[data-testid=refusal-code]', (el) => el.textContent)).toBe('bundle_untrusted_log_key');
    expect(await page.$('[data-testid=verified]')).toBeNull();
    await screenshot(page, 'checker-key-mismatch');
  });

  it('workspace: a participant registers, transfers and receives through the forms (then transforms and exports), signed in the page; the log grows by each', async () => {
    const recyclerKey = join(files, 'recycler-key.json');
    const millKey = join(files, 'mill-key.json');
    writeKeyFile(recyclerKey, story.recycler.key);
    writeKeyFile(millKey, story.mill.key);
    const startSize = await server.logSize();

    const watched = await open('#/workspace');
    const { page } = watched;
    await page.waitForSelector('input#key-file');
    expect(await page.$eval('.workspace', (el) => el.textContent ?? '')).toContain('never uploaded');
    await (await page.$('input#key-file'))!.uploadFile(recyclerKey);
    await page.waitForSelector('[data-testid=working-as]');
    expect(await page.$eval('[data-testid=working-as]', (el) => el.textContent)).toBe('sheffield-scrap Ltd');
    await page.click('[data-testid=tab-transfer]');
    await page.waitForSelector('#transfer-to');
    // A participant named with markup (the directory is public, names are anyone's text) stays text.
    expect(await page.$$eval('#transfer-to option', (os) => os.map((o) => o.textContent))).toContain(`${story.hostileName} (mallory-metals)`);
    expect(await page.evaluate(() => (window as { pwned?: boolean }).pwned)).toBeUndefined();
    await page.click('[data-testid=tab-register]');
    // The holder listing (GET /v1/batches?holder=, signed in the page) shows what the API lists.
    await page.waitForSelector('[data-testid=held-batches]');
    const listed = (await server.signedGet('/v1/batches?holder=sheffield-scrap', story.recycler.signer)).body.batches.map((b: any) => b.id);
    expect(await page.$$eval('[data-testid=held-batches] tbody th', (ths) => ths.map((th) => th.textContent))).toEqual(listed);

    // Register 5.5 t: a mistyped mass is caught next to its field before anything is signed.
    await page.type('#register-batch-id', 'cu-web-1');
    await page.type('#register-batch-material', 'copper');
    await page.type('#register-batch-massG', 'five');
    const postsBefore = watched.requests.filter((r) => r.method === 'POST').length;
    await page.click('[data-testid=form-batch\\.register] button[type=submit]');
    await page.waitForSelector('#register-batch-massG-error');
    expect(await page.$eval('#register-batch-massG', (el) => el.getAttribute('aria-describedby'))).toBe('register-batch-massG-error');
    expect(watched.requests.filter((r) => r.method === 'POST').length).toBe(postsBefore);
    await page.$eval('#register-batch-massG', (el) => ((el as HTMLInputElement).value = ''));
    await page.type('#register-batch-massG', '5.5');
    await page.click('[data-testid=form-batch\\.register] button[type=submit]');
    await page.waitForFunction(() => document.querySelector('[data-testid=form-done]')?.textContent?.includes('Appended'));
    expect((await server.signedGet('/v1/batches/cu-web-1', story.recycler.signer)).body.massG).toBe(5_500_000);

    // Transfer: the server's problem (no such batch) lands next to the field its path names.
    await page.click('[data-testid=tab-transfer]');
    await page.waitForSelector('#transfer-batch');
    await page.type('#transfer-batch', 'cu-web-nope');
    await page.select('#transfer-to', story.mill.id);
    await page.select('#transfer-toSite', 'walsall');
    await page.click('[data-testid=form-batch\\.transfer] button[type=submit]');
    await page.waitForSelector('#transfer-batch-error');
    expect(await page.$eval('#transfer-batch-error', (el) => el.textContent)).toContain('unknown_batch');
    // That refusal is the one network error this page may log: the browser reports the 404 itself.
    expect(watched.errors.splice(0)).toEqual([{ text: expect.stringContaining('404'), url: expect.stringContaining('/v1/events') }]);
    await page.$eval('#transfer-batch', (el) => ((el as HTMLInputElement).value = ''));
    await page.type('#transfer-batch', 'cu-web-1');
    await page.click('[data-testid=form-batch\\.transfer] button[type=submit]');
    await page.waitForFunction(() => document.querySelector('[data-testid=form-done]')?.textContent?.includes('Appended'));
    await screenshot(page, 'workspace-forms');

    // The mill loads its own key and receives what it weighed: 5.45 t, 50 kg lost in transit.
    await page.click('.who button');
    await (await page.$('input#key-file'))!.uploadFile(millKey);
    await page.waitForFunction(() => document.querySelector('[data-testid=working-as]')?.textContent === 'midlands-rod Ltd');
    await page.waitForSelector('[data-testid=held-cu-web-1]');
    expect(await page.$eval('[data-testid=held-cu-web-1]', (el) => el.textContent ?? '')).toContain('arriving');
    await page.click('[data-testid=tab-receive]');
    await page.waitForSelector('#receive-batch');
    await page.type('#receive-batch', 'cu-web-1');
    await page.select('#receive-massG-unit', 'kg');
    await page.type('#receive-massG', '5450');
    await page.click('[data-testid=form-batch\\.receive] button[type=submit]');
    await page.waitForFunction(() => document.querySelector('[data-testid=form-done]')?.textContent?.includes('Appended'));

    expect(await server.logSize()).toBe(startSize + 3);
    const received = (await server.signedGet('/v1/batches/cu-web-1', story.mill.signer)).body;
    expect(received.custodian).toBe(story.mill.id);
    expect(received.massG).toBe(5_450_000);
    expect(received.status).toBe('active');

    // The mill melts it (two outputs, 5 t and 400 kg: 50 kg of dross) and exports the small one.
    await page.click('[data-testid=tab-transform]');
    await page.waitForSelector('#transform-process');
    await page.type('#transform-process', 'induction melt');
    await page.type('#transform-inputs-0-batch', 'cu-web-1');
    await page.type('#transform-inputs-0-massG', '5.45');
    await page.type('#transform-outputs-0-id', 'cu-web-ingot');
    await page.type('#transform-outputs-0-material', 'copper');
    await page.select('#transform-outputs-0-form', 'ingot');
    await page.type('#transform-outputs-0-massG', '5');
    await page.click('[data-testid=form-batch\\.transform] button.secondary:nth-of-type(2)');
    await page.waitForSelector('#transform-outputs-1-id');
    await page.type('#transform-outputs-1-id', 'cu-web-shot');
    await page.type('#transform-outputs-1-material', 'copper');
    await page.select('#transform-outputs-1-form', 'powder');
    await page.select('#transform-outputs-1-massG-unit', 'kg');
    await page.type('#transform-outputs-1-massG', '400');
    expect(await unlabelled(page)).toEqual([]);
    await page.click('[data-testid=form-batch\\.transform] button[type=submit]');
    await page.waitForFunction(() => document.querySelector('[data-testid=form-done]')?.textContent?.includes('Appended'));
    expect((await server.signedGet('/v1/batches/cu-web-shot', story.mill.signer)).body.massG).toBe(400_000);
    expect((await server.signedGet('/v1/batches/cu-web-1', story.mill.signer)).body.status).toBe('consumed');
    await page.click('[data-testid=tab-export]');
    await page.waitForSelector('#export-batch');
    await page.type('#export-batch', 'cu-web-shot');
    await page.type('#export-destination-country', 'DE');
    await page.type('#export-destination-consignee', 'Hamburg refinery');
    await page.click('[data-testid=form-batch\\.export] button[type=submit]');
    await page.waitForFunction(() => document.querySelector('[data-testid=form-done]')?.textContent?.includes('Appended'));
    expect((await server.signedGet('/v1/batches/cu-web-shot', story.mill.signer)).body.status).toBe('exported');
    expect(await server.logSize()).toBe(startSize + 5);

    // Its provenance and lineage, read with requests signed in the page, as a laid-out graph.
    await page.goto(`${server.url}/#/workspace?batch=cu-rod-1`, { waitUntil: 'domcontentloaded' });
    await page.reload({ waitUntil: 'domcontentloaded' });
    // A reload forgets the key: the page says so by asking for it again.
    await page.waitForSelector('input#key-file');
    await (await page.$('input#key-file'))!.uploadFile(millKey);
    await page.waitForSelector('[data-testid=lineage-graph] svg a[data-batch]');
    const drawn = await page.$$eval('[data-testid=lineage-graph] svg a[data-batch]', (as) => as.map((a) => a.getAttribute('data-batch')).sort());
    expect(drawn).toEqual(['cu-cathode-1', 'cu-ie-1', 'cu-rod-1', 'cu-rod-1a', 'cu-uk-1']);
    expect(await grams(page, '[data-testid=batch-mass]')).toBe(String((await server.signedGet('/v1/batches/cu-rod-1', story.mill.signer)).body.massG));
    const signed = watched.requests.filter((r) => r.url.includes('/v1/batches/cu-rod-1'));
    expect(signed.length).toBeGreaterThanOrEqual(4);
    await screenshot(page, 'workspace-lineage');
    await fitsPhone(page, 'workspace-lineage-phone');
    // The key file itself never went anywhere: no request carried its secret.
    const secret = readKeyFile(millKey).secretKey;
    const secretText = JSON.parse(JSON.stringify({ s: Buffer.from(secret).toString('base64url') })).s;
    expect(watched.requests.filter((r) => r.postData?.includes(secretText) || r.url.includes(secretText))).toEqual([]);
  });

  afterAll(() => {
    // Checked once every view has been walked (afterAll hooks run in reverse: before the browser closes).
    for (const watched of pages) {
      expect(watched.offHost, 'requests that left 127.0.0.1').toEqual([]);
      expect(watched.errors, 'console errors').toEqual([]);
    }
    console.log(`explorer screenshots in ${SCREENSHOTS}`);
  });
});

/** One more event, so the log grows between two visits. */
async function registerMore(server: TestServer, story: Scenario, id: string): Promise<void> {
  const { registerBatch, t } = await import('../support/participants.js');
  await registerBatch(server, story.recycler, { id, massG: t(1), site: 'yard' });
}
