import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TallyError } from '../ledger/errors.js';
import { classifyStoreError } from '../ledger/store/store-errors.js';
import { loadOrCreateKey, readKeyFile, type KeyPair } from '../sdk/node/key-file.js';

/** Where the ledger's files live under TALLY_DATA_DIR. */
export function dataDirLayout(dataDir: string) {
  return { store: join(dataDir, 'store'), logKey: join(dataDir, 'log-key.json'), registrarKey: join(dataDir, 'registrar-key.json') };
}

/** True when the directory already holds a LevelDB store (its CURRENT file names the manifest). */
export function holdsStore(storeDir: string): boolean {
  return existsSync(join(storeDir, 'CURRENT'));
}

/**
 * The keys a server needs from its data directory. A key is generated only for a directory that
 * holds no store yet: a new log key could never verify the store's checkpoints (and the server
 * used to write one and then call the store corrupt), and a new registrar key would not be the one
 * genesis names. File-system failures say what is wrong with the directory.
 * @throws TallyError `log_key_missing`, `store_config_mismatch`, `store_read_only`, `store_disk_full`
 */
export function loadServerKeys(dataDir: string, registrarFromEnv: Uint8Array | undefined): {
  logKey: KeyPair;
  registrarPublicKey: Uint8Array;
  registrarKeyPath?: string;
} {
  const layout = dataDirLayout(dataDir);
  const existing = holdsStore(layout.store);
  if (existing && !existsSync(layout.logKey)) {
    throw new TallyError(
      'log_key_missing',
      `${dataDir} holds a store but no log-key.json: restore the log key from your backup (a new key could not sign checkpoints this log's clients accept; none was written)`,
    );
  }
  if (existing && registrarFromEnv === undefined && !existsSync(layout.registrarKey)) {
    throw new TallyError(
      'store_config_mismatch',
      `${dataDir} holds a store but neither TALLY_REGISTRAR_KEY nor registrar-key.json: set TALLY_REGISTRAR_KEY to the registrar key genesis names`,
    );
  }
  try {
    const logKey = existing ? readKeyFile(layout.logKey) : loadOrCreateKey(dataDir, 'log-key.json').key;
    if (registrarFromEnv !== undefined) return { logKey, registrarPublicKey: registrarFromEnv };
    const registrar = loadOrCreateKey(dataDir, 'registrar-key.json');
    return { logKey, registrarPublicKey: registrar.key.publicKey, registrarKeyPath: registrar.path };
  } catch (err) {
    throw classifyStoreError(err, dataDir);
  }
}
