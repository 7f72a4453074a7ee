import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BatchVerifyFn, SignatureCheck } from '../replay.js';

/**
 * The worker's whole program, plain JavaScript on node:crypto (OpenSSL), so it needs no
 * TypeScript loader whichever way the caller was started (tsx, bin/tally.js, compiled).
 * KeyObjects are cached per public key, bounded: building one per call halves the rate.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const keys = new Map();
function keyOf(pub) {
  const id = Buffer.from(pub).toString('base64');
  let key = keys.get(id);
  if (key === undefined) {
    if (keys.size >= 10000) keys.clear();
    key = createPublicKey({ key: Buffer.concat([PREFIX, pub]), format: 'der', type: 'spki' });
    keys.set(id, key);
  }
  return key;
}
parentPort.on('message', ({ id, sigs, msgs, pubs }) => {
  const ok = new Uint8Array(sigs.length);
  for (let i = 0; i < sigs.length; i++) {
    try {
      ok[i] = sigs[i].length === 64 && pubs[i].length === 32 && verify(null, msgs[i], keyOf(pubs[i]), sigs[i]) ? 1 : 0;
    } catch {
      ok[i] = 0;
    }
  }
  parentPort.postMessage({ id, ok }, [ok.buffer]);
});
`;

/**
 * Ed25519 checks on worker threads, for replaying a whole log on Node: the thread applying the
 * custody rules hands each page's signatures to the pool and goes on with the previous page,
 * so on two cores one core verifies while the other applies. Give {@link VerifyPool.verifyBatch}
 * to replayLog as `verifyAhead`; the browser keeps checking with @noble on its one thread.
 * A verdict of the pool is only a head start: replayLog still judges every signature against
 * the key the custody rules pick at that entry, and checks any it was not told about itself.
 */
export class VerifyPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (ok: Uint8Array) => void; reject: (err: unknown) => void }>();
  private nextId = 0;
  private failure: unknown;

  /** @param size worker threads; by default one fewer than the cores (the caller keeps one), at least one. */
  constructor(size = Math.max(1, availableParallelism() - 1)) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.on('message', ({ id, ok }: { id: number; ok: Uint8Array }) => {
        const pending = this.waiting.get(id);
        this.waiting.delete(id);
        pending?.resolve(ok);
      });
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => code !== 0 && this.fail(new Error(`a verify worker exited with code ${code}`)));
      return worker;
    });
  }

  /** Checks every signature, spread over the workers; resolves with one verdict per check, in order. */
  readonly verifyBatch: BatchVerifyFn = async (checks: readonly SignatureCheck[]) => {
    if (this.failure !== undefined) throw this.failure;
    if (checks.length === 0) return [];
    const per = Math.ceil(checks.length / this.workers.length);
    const parts = this.workers.map((worker, w) => {
      const slice = checks.slice(w * per, (w + 1) * per);
      if (slice.length === 0) return Promise.resolve(new Uint8Array(0));
      const id = this.nextId++;
      return new Promise<Uint8Array>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        worker.postMessage({ id, sigs: slice.map((c) => c.sig), msgs: slice.map((c) => c.msg), pubs: slice.map((c) => c.pub) });
      });
    });
    const verdicts: boolean[] = [];
    for (const ok of await Promise.all(parts)) for (const v of ok) verdicts.push(v === 1);
    return verdicts;
  };

  /** Stops the workers; pending checks are refused. */
  async close(): Promise<void> {
    this.fail(new Error('the verify pool is closed'));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private fail(err: unknown): void {
    this.failure ??= err;
    for (const { reject } of this.waiting.values()) reject(err);
    this.waiting.clear();
  }
}
