import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { fromBase64Url, toBase64Url } from '../../ledger/encoding/bytes.js';

export interface KeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/** On-disk form of a key pair: base64url, the same encoding as keys in events. */
interface KeyFile {
  kind: 'tally-ed25519-key';
  publicKey: string;
  secretKey: string;
}

export function readKeyFile(path: string): KeyPair {
  const file = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  if (file.kind !== 'tally-ed25519-key') throw new Error(`${path} is not a Tally key file`);
  return { publicKey: fromBase64Url(file.publicKey), secretKey: fromBase64Url(file.secretKey) };
}

/** Writes a key pair readable by its owner only (mode 0600); refuses to overwrite. */
export function writeKeyFile(path: string, key: KeyPair): void {
  const file: KeyFile = { kind: 'tally-ed25519-key', publicKey: toBase64Url(key.publicKey), secretKey: toBase64Url(key.secretKey) };
  writeFileSync(path, JSON.stringify(file, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
}

/** The key pair at `name` in `dir`, generated there on first use. */
export function loadOrCreateKey(dir: string, name: string): { key: KeyPair; path: string; created: boolean } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, name);
  if (existsSync(path)) return { key: readKeyFile(path), path, created: false };
  const key = generateKeyPair();
  writeKeyFile(path, key);
  return { key, path, created: true };
}
