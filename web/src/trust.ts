import { createStore } from './store.js';

/**
 * The log key this browser trusts (SPEC 7: a bundle is verified "knowing only the log's verifier
 * key"). The page shows the key the server reports, but verifies only against a key the user
 * pinned: a dishonest server would report its own key and serve bundles that match it. The pin
 * lives in localStorage, per log origin, so it outlasts the tab and is compared on every visit.
 */

const PREFIX = 'tally.pinnedLogKey:';

function read(origin: string): string | undefined {
  try {
    return localStorage.getItem(PREFIX + origin) ?? undefined;
  } catch {
    return undefined; // storage disabled: nothing is pinned, and the page says so
  }
}

/** The pinned key of the log being viewed, or undefined. Set once the log's origin is known. */
export const pinnedKey = createStore<string | undefined>(undefined);

let currentOrigin: string | undefined;

export function loadPin(origin: string): void {
  currentOrigin = origin;
  pinnedKey.set(read(origin));
}

/** A verifier key string `<name>+<8 hex>+<base64>` (C2SP signed-note); the full check is the verifier's. */
export function looksLikeVerifierKey(text: string): boolean {
  return /^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+={0,2}$/.test(text.trim());
}

export function pin(key: string): void {
  if (currentOrigin === undefined) throw new Error('no log loaded');
  localStorage.setItem(PREFIX + currentOrigin, key.trim());
  pinnedKey.set(key.trim());
}

export function unpin(): void {
  if (currentOrigin === undefined) return;
  localStorage.removeItem(PREFIX + currentOrigin);
  pinnedKey.set(undefined);
}
