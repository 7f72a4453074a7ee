import { generateKeyPair, keyIdOf } from '../../../ledger/crypto/keys.js';
import { toBase64Url } from '../../../ledger/encoding/bytes.js';
import { requiredOption, type Command } from '../context.js';
import { writeKeyPair } from './keygen.js';

export const initRegistrar: Command = {
  name: 'init-registrar',
  summary: "Operator: make the registrar's key pair on your own machine; the server gets only the public key",
  usage: 'tally init-registrar --out <file.json> [--json]',
  examples: ['tally init-registrar --out registrar.json && TALLY_REGISTRAR_KEY=$(cat registrar.pub) npm start'],
  details: [
    'Writes the secret key file (mode 0600) and <name>.pub. Start a server on a fresh data directory with',
    'TALLY_REGISTRAR_KEY=<the public key>, and keep the key file off the server: whoever holds it admits',
    'participants and changes their keys. Sign as the registrar with --as registrar --key <file>.',
  ],
  options: { out: { type: 'string' } },
  async run(args) {
    const out = requiredOption(args, 'out', 'where to write the key file (mode 0600)');
    const key = generateKeyPair();
    const pub = writeKeyPair(out, key);
    const publicKey = toBase64Url(key.publicKey);
    return {
      json: { file: out, publicKeyFile: pub, publicKey, keyId: keyIdOf(key.publicKey) },
      text: [
        `wrote ${out} (mode 0600): the registrar's secret key. Keep it off the server, and back it up.`,
        `wrote ${pub}: its public key. Start the server with:`,
        `  TALLY_REGISTRAR_KEY=${publicKey} npm start`,
      ].join('\n'),
    };
  },
};
