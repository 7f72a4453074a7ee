import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Envelope } from '../../schemas/entry.js';
import { sha256 } from '../../ledger/crypto/hash.js';
import { keyIdOf, publicKeyOf, type KeyPair } from '../../ledger/crypto/keys.js';
import { fromBase64Url, utf8Encode } from '../../ledger/encoding/bytes.js';
import { eventSigningBytes } from '../../ledger/log/event-signing.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { LevelBackend } from '../../ledger/store/level-backend.js';
import { NodeVerifier } from '../../ledger/store/node-verifier.js';
import { nodeSigner } from '../../ledger/store/node-signer.js';
import { readKeyFile, writeKeyFile } from '../../sdk/node/key-file.js';
import { GeneratedClock, generateYear, type GeneratedYear } from '../../examples/generator/index.js';
import { nodeEventSigner } from '../../examples/generator/node-sign.js';

/**
 * Fills a data directory, laid out as `npm start` expects it (`store/`, `log-key.json`), with a
 * generated year through Ledger.submit, many submissions in flight. Signatures are checked ahead
 * on the thread pool (node:crypto's callback form, as the server's ingest does) and submissions
 * are handed to the ledger strictly in generation order, because later events depend on earlier
 * ones (a receive on its transfer).
 */

export interface FillOptions {
  dir: string;
  /** Entries in the log when done, genesis included. */
  entries: number;
  seed: string;
  origin: string;
  participants: number;
  ancestorEntries: number;
  inFlight: number;
  onProgress?: (done: number, perSecond: number) => void;
}

export interface FilledStore {
  year: GeneratedYear;
  logKey: KeyPair;
  ledger: Ledger;
  verifier: NodeVerifier;
  /** How the store was filled (read back from `fill.json` when a kept store is reused). */
  fill?: { seconds: number; perSecond: number; refused: number };
  /** True when a kept store of the right size was measured again rather than filled. */
  reused: boolean;
}

/**
 * The settings `npm start` would use for this directory, and the ledger opened on it.
 * @param options.checksOnPool checks signatures on the thread pool ahead of the rules, as the
 *   server does (its `preverify`); off for a fill, which checks each envelope itself first
 */
export async function openStore(dir: string, year: GeneratedYear, logKey: KeyPair, clock?: GeneratedClock, options: { checksOnPool?: boolean } = {}): Promise<{ ledger: Ledger; verifier: NodeVerifier }> {
  const verifier = new NodeVerifier();
  const ledger = await Ledger.open(await LevelBackend.open(join(dir, 'store')), {
    ...(clock ? { clock: clock.now } : {}),
    origin: year.origin,
    homeCountry: 'GB',
    logKey,
    registrar: { publicKey: year.registrar.publicKey },
    verify: verifier.verify,
    ...(options.checksOnPool ? { preverify: (sig: Uint8Array, msg: Uint8Array, pub: Uint8Array) => verifier.check(sig, msg, pub) } : {}),
    sign: nodeSigner(logKey.secretKey),
  });
  return { ledger, verifier };
}

export function generatedYear(options: Pick<FillOptions, 'entries' | 'seed' | 'origin' | 'participants' | 'ancestorEntries'>): GeneratedYear {
  return generateYear({
    seed: options.seed,
    origin: options.origin,
    targetEvents: options.entries - 1,
    participants: options.participants,
    deepLineage: { ancestorEntries: options.ancestorEntries },
    sign: nodeEventSigner(),
  });
}

export async function fillStore(options: FillOptions): Promise<FilledStore> {
  const year = generatedYear(options);
  // A `--dir` that does not exist yet is where the store is to be kept.
  mkdirSync(options.dir, { recursive: true });
  const keyPath = join(options.dir, 'log-key.json');
  const reuse = existsSync(keyPath);
  const logKey = reuse ? readKeyFile(keyPath) : deterministicLogKey(options.seed);
  if (!reuse) writeKeyFile(keyPath, logKey);
  // The year lies in the past: entries are recorded on its own clock (examples/generator/clock.ts).
  const clock = new GeneratedClock(year);
  const { ledger, verifier } = await openStore(options.dir, year, logKey, clock);
  const fillPath = join(options.dir, 'fill.json');
  if (reuse && ledger.size === options.entries) {
    // A kept store: report the fill that made it.
    const fill = existsSync(fillPath) ? (JSON.parse(readFileSync(fillPath, 'utf8')) as FilledStore['fill']) : undefined;
    return { year, logKey, ledger, verifier, reused: true, ...(fill ? { fill } : {}) };
  }
  if (ledger.size !== 1) throw new Error(`${options.dir} holds a store of ${ledger.size} entries; use an empty directory`);

  const publicKeys = new Map<string, Uint8Array>([[keyIdOf(year.registrar.publicKey), year.registrar.publicKey]]);
  const queue: Array<{ envelope: Envelope; checked: Promise<unknown> }> = [];
  const pending = new Set<Promise<void>>();
  let refused = 0;
  let done = 0;
  const started = performance.now();
  let lastReport = started;

  // Entries are recorded on the clock of the newest submission, so what is in flight at once must
  // span less than the 31-day back-date bound of the year's own time: past a week since the
  // oldest in flight, the fill waits for everything in flight first. (A thousand envelopes can
  // span weeks of a small year.)
  let inFlightSince: number | undefined;
  const submitHead = async (): Promise<void> => {
    const { envelope, checked } = queue.shift()!;
    await checked;
    const at = Date.parse(envelope.event.at);
    if (inFlightSince !== undefined && at - inFlightSince > 7 * 86_400_000) {
      await Promise.all(pending);
      inFlightSince = undefined;
    }
    inFlightSince ??= at;
    clock.observe(envelope);
    const p: Promise<void> = ledger.submit(envelope).then(
      () => {
        done++;
      },
      (err: Error & { code?: string }) => {
        refused++;
        if (refused <= 5) console.error(`refused ${envelope.event.id} (${envelope.event.type}): ${err.code ?? ''} ${err.message}`);
      },
    ).finally(() => pending.delete(p));
    pending.add(p);
    if (pending.size >= options.inFlight) await Promise.race(pending);
  };

  for (const envelope of year.events) {
    learnKeys(envelope, publicKeys);
    const pub = publicKeys.get(envelope.keyId);
    queue.push({ envelope, checked: pub ? verifier.preverify(fromBase64Url(envelope.sig), eventSigningBytes(envelope.event), pub) : Promise.resolve() });
    if (queue.length >= options.inFlight) await submitHead();
    const now = performance.now();
    if (options.onProgress && now - lastReport > 10_000) {
      lastReport = now;
      options.onProgress(done, done / ((now - started) / 1000));
    }
  }
  while (queue.length > 0) await submitHead();
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  if (ledger.size !== options.entries) throw new Error(`filled ${ledger.size} entries of ${options.entries} (${refused} refused)`);
  const fill = { seconds, perSecond: (options.entries - 1) / seconds, refused };
  writeFileSync(fillPath, JSON.stringify(fill) + '\n');
  return { year, logKey, ledger, verifier, fill, reused: false };
}

/** Keys an event registers, so later signatures can be checked ahead of their turn. */
function learnKeys(envelope: Envelope, keys: Map<string, Uint8Array>): void {
  const event = envelope.event as { type: string; participant?: { keys?: string[] }; add?: string[] };
  const added = event.type === 'participant.register' ? event.participant?.keys : event.type === 'participant.keys' ? event.add : undefined;
  for (const text of added ?? []) {
    const pub = fromBase64Url(text);
    keys.set(keyIdOf(pub), pub);
  }
}

/** The benchmark's log key, from the seed, so a kept directory can be measured again. */
function deterministicLogKey(seed: string): KeyPair {
  const secretKey = sha256(utf8Encode(`${seed}|log-key`));
  return { secretKey, publicKey: publicKeyOf(secretKey) };
}
