import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * Debian's Chromium driven by puppeteer-core (which never downloads a browser). Every page is
 * watched: a request to anything but 127.0.0.1 is aborted and recorded, console errors and
 * uncaught exceptions are recorded, so a test can assert that none happened.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

/** Where the browser tests write their screenshots (gitignored). */
export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--mute-audio',
];

export interface RequestRecord {
  method: string;
  url: string;
  postData?: string;
}

export interface WatchedPage {
  page: Page;
  /** Every request the page made (including aborted ones). */
  requests: RequestRecord[];
  /** Requests to any host other than 127.0.0.1: aborted, and a test failure. */
  offHost: string[];
  /** Console errors and uncaught exceptions, with where they came from. */
  errors: Array<{ text: string; url?: string }>;
}

export class TestBrowser {
  private constructor(
    private readonly browser: Browser,
    private readonly profile: string,
  ) {}

  static async launch(): Promise<TestBrowser> {
    const profile = mkdtempSync(join(tmpdir(), 'tally-chromium-'));
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...FLAGS, `--user-data-dir=${profile}`],
      defaultViewport: { width: 1280, height: 900 },
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    return new TestBrowser(browser, profile);
  }

  /**
   * A page in a fresh browser context (its own localStorage), watched as described above.
   * `intercept: false` leaves requests alone (for timing: interception costs a round trip to the
   * driver per request); console errors are still recorded.
   */
  async page(options: { intercept?: boolean } = {}): Promise<WatchedPage> {
    const context = await this.browser.createBrowserContext();
    const page = await context.newPage();
    const watched: WatchedPage = { page, requests: [], offHost: [], errors: [] };
    if (options.intercept !== false) await this.guard(page, watched);
    page.on('console', (message) => {
      if (message.type() === 'error') watched.errors.push({ text: message.text(), ...(message.location().url ? { url: message.location().url } : {}) });
    });
    page.on('pageerror', (error) => watched.errors.push({ text: error instanceof Error ? error.stack ?? error.message : String(error) }));
    return watched;
  }

  private async guard(page: Page, watched: WatchedPage): Promise<void> {
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = new URL(request.url());
      const postData = request.postData();
      watched.requests.push({ method: request.method(), url: request.url(), ...(postData !== undefined ? { postData } : {}) });
      const local = url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1';
      if (local) return void request.continue();
      watched.offHost.push(request.url());
      return void request.abort('blockedbyclient');
    });
  }

  async close(): Promise<void> {
    await this.browser.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) as `${string}.png`, fullPage: true });
}
