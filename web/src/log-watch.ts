import { need, publicApi } from './api.js';
import { createStore } from './store.js';
import type { WatchResult } from './checkpoint-watch.js';

/**
 * The checkpoint this page was shown and what the browser's own consistency check made of it.
 * Run once per visit (and again when the pinned key changes) by the app shell, so a fork is
 * announced on every view, not only on the dashboard.
 */
export interface CheckpointState {
  checkpoint?: string;
  watch?: WatchResult | { kind: 'error'; message: string };
}

export const checkpointState = createStore<CheckpointState>({});

let run = 0;

export async function refreshCheckpoint(trustKey: string): Promise<void> {
  const mine = ++run;
  checkpointState.set({});
  try {
    // The checkpoint is served with a short max-age for caches and mirrors; the fork check wants
    // the log's newest, so this request skips the browser's cache.
    const res = await fetch('/v1/checkpoint', { headers: { accept: 'text/plain' }, cache: 'no-store' });
    if (!res.ok) throw new Error(`GET /v1/checkpoint: ${res.status}`);
    const checkpoint = await res.text();
    if (mine !== run) return;
    checkpointState.set({ checkpoint });
    const { watchCheckpoint } = await import('./checkpoint-watch.js');
    const watch = await watchCheckpoint(trustKey, checkpoint, (from, to) => need(publicApi.GET('/v1/proofs/consistency', { params: { query: { from, to } } })));
    if (mine === run) checkpointState.set({ checkpoint, watch });
  } catch (err) {
    if (mine === run) checkpointState.set({ ...checkpointState.get(), watch: { kind: 'error', message: (err as Error).message } });
  }
}
