import { join } from 'node:path';
import type { Entry } from '../schemas/entry.js';
import { TallyError } from '../ledger/errors.js';
import { fromBase64Url, utf8Decode } from '../ledger/encoding/bytes.js';
import { parseCheckpoint } from '../ledger/log/checkpoint.js';
import { splitNote } from '../ledger/log/signed-note.js';
import { Ledger } from '../ledger/store/ledger.js';
import { LevelBackend } from '../ledger/store/level-backend.js';
import { LOG_KEYS } from '../ledger/store/log-layout.js';
import { NodeVerifier } from '../ledger/store/node-verifier.js';
import { nodeSigner } from '../ledger/store/node-signer.js';
import { readKeyFile } from '../sdk/node/key-file.js';
import { fetchCheckpointText, type TileFetcher } from '../sdk/tiles/tile-fetcher.js';
import { tileLeafPager } from '../sdk/tiles/tile-entries.js';

export interface RecoverResult {
  fromSize: number;
  size: number;
  rootHash: string;
  appended: number;
}

/**
 * `tally recover`: brings a rolled-back data directory (an older backup) back to the log's
 * published history by re-appending the exact missing entries from its tiles (a mirror, or a
 * server's /tlog/), never by accepting the events again (which would give new `recordedAt`s and
 * another tree). The source checkpoint must verify with the data directory's log key (and the
 * caller's policy, if any); the entries must chain from the store's last entry, pass the custody
 * rules, and reach exactly that checkpoint's root. The server must be stopped.
 * @throws TallyError `fork_detected` when the source does not extend the store (another history),
 *   `rollback_detected` when the source is behind the store, `invalid_entry`, `invalid_checkpoint`,
 *   `invalid_tile`, custody codes.
 */
export async function recoverFromTiles(dataDir: string, source: TileFetcher, check?: (checkpoint: string, logKey: string) => void): Promise<RecoverResult> {
  const logKey = readKeyFile(join(dataDir, 'log-key.json'));
  const backend = await LevelBackend.open(join(dataDir, 'store'));
  const genesisText = await backend.get(LOG_KEYS.entry(0));
  if (genesisText === undefined) {
    await backend.close();
    throw new TallyError('store_corrupt', 'the data directory holds no log to recover (no genesis entry)');
  }
  const genesis = (JSON.parse(genesisText) as Entry).event as unknown as { ledger: string; homeCountry: string; registrar: { keys: string[] } };
  const verifier = new NodeVerifier();
  const ledger = await Ledger.open(backend, {
    origin: genesis.ledger,
    homeCountry: genesis.homeCountry,
    logKey: logKey,
    registrar: { publicKey: fromBase64Url(genesis.registrar.keys[0]!) },
    verify: verifier.verify,
    sign: nodeSigner(logKey.secretKey),
  });
  try {
    const text = await fetchCheckpointText(source);
    const target = parseCheckpoint(text, ledger.info.logKey, verifier.verify);
    check?.(text, ledger.info.logKey);
    const fromSize = ledger.size;
    if (target.size < fromSize) throw new TallyError('rollback_detected', `the source holds ${target.size} entries, the store already ${fromSize}`);
    if (target.size === fromSize) {
      if (target.rootHash !== ledger.rootHash) throw new TallyError('fork_detected', `the source signs size ${fromSize} with root ${target.rootHash}, the store holds ${ledger.rootHash}`);
      return { fromSize, size: fromSize, rootHash: ledger.rootHash, appended: 0 };
    }
    const page = tileLeafPager(source, target.size);
    const texts: string[] = [];
    while (fromSize + texts.length < target.size) {
      const leaves = await page(fromSize + texts.length, target.size - fromSize - texts.length);
      if (leaves.length === 0) throw new TallyError('invalid_tile', `the source ends at ${fromSize + texts.length} entries`);
      for (const leaf of leaves) texts.push(utf8Decode(leaf));
    }
    try {
      await ledger.reappend(texts, logSignedOnly(text, genesis.ledger));
    } catch (err) {
      if (err instanceof TallyError && (err.code === 'invalid_entry' || err.code === 'invalid_checkpoint') && /chain|root/.test(err.message)) {
        throw new TallyError('fork_detected', `the source's entries do not extend the store of ${fromSize} entries: ${err.message}`);
      }
      throw err;
    }
    return { fromSize, size: ledger.size, rootHash: ledger.rootHash, appended: texts.length };
  } finally {
    await ledger.close();
  }
}

/** The note with only the log's own signature lines: what the store keeps as its checkpoint. */
function logSignedOnly(text: string, origin: string): string {
  const { body, signatures } = splitNote(text);
  return `${body}\n${signatures
    .filter((s) => s.name === origin)
    .map((s) => `${s.line}\n`)
    .join('')}`;
}
