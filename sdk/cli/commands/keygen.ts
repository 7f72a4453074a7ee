import { writeFileSync } from 'node:fs';
import { generateKeyPair, keyIdOf } from '../../../ledger/crypto/keys.js';
import { toBase64Url } from '../../../ledger/encoding/bytes.js';
import { writeKeyFile, type KeyPair } from '../../node/key-file.js';
import { requiredOption, UsageError, type Command } from '../context.js';

/** `sheffield.json` -> `sheffield.pub`: the half you hand to the registrar. */
export function publicKeyPath(keyFile: string): string {
  return keyFile.replace(/\.json$/, '') + '.pub';
}

/** Writes the key file (0600, never over an existing one) and its `.pub`; returns the `.pub` path. */
export function writeKeyPair(out: string, key: KeyPair): string {
  try {
    writeKeyFile(out, key);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${out} exists: a key file is never overwritten`);
    throw err;
  }
  const pub = publicKeyPath(out);
  writeFileSync(pub, toBase64Url(key.publicKey) + '\n');
  return pub;
}

export const keygen: Command = {
  name: 'keygen',
  summary: 'Generate an Ed25519 key pair into a key file (mode 0600) and its public key into <name>.pub',
  usage: 'tally keygen --out <file.json> [--json]',
  examples: ['tally keygen --out sheffield.json   # writes sheffield.json (secret, 0600) and sheffield.pub (public)'],
  details: ['Send the .pub file (or the printed public key) to the registrar, who admits you with it; keep the .json to yourself.'],
  options: { out: { type: 'string' } },
  async run(args) {
    const out = requiredOption(args, 'out');
    const key = generateKeyPair();
    const pub = writeKeyPair(out, key);
    const publicKey = toBase64Url(key.publicKey);
    const keyId = keyIdOf(key.publicKey);
    return {
      json: { file: out, publicKeyFile: pub, publicKey, keyId },
      text: `wrote ${out} (secret: keep it) and ${pub}\npublic key (give this to the registrar): ${publicKey}\nkey id: ${keyId}`,
    };
  },
};
