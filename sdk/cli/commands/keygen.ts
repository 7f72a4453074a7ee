import { generateKeyPair, keyIdOf } from '../../../ledger/crypto/keys.js';
import { toBase64Url } from '../../../ledger/encoding/bytes.js';
import { writeKeyFile } from '../../node/key-file.js';
import { requiredOption, type Command } from '../context.js';

export const keygen: Command = {
  name: 'keygen',
  summary: 'Generate an Ed25519 key pair into a key file (mode 0600)',
  usage: 'tally keygen --out <file> [--json]',
  examples: ['tally keygen --out sheffield.json'],
  details: ['Give the printed public key to the registrar (tally participant add ... --public-key <it>); keep the file to yourself.'],
  options: { out: { type: 'string' } },
  async run(args) {
    const out = requiredOption(args, 'out');
    const key = generateKeyPair();
    writeKeyFile(out, key);
    const publicKey = toBase64Url(key.publicKey);
    const keyId = keyIdOf(key.publicKey);
    return {
      json: { file: out, publicKey, keyId },
      text: `wrote ${out}\npublic key (give this to the registrar): ${publicKey}\nkey id: ${keyId}`,
    };
  },
};
