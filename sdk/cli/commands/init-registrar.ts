import { generateKeyPair, keyIdOf } from '../../../ledger/crypto/keys.js';
import { toBase64Url } from '../../../ledger/encoding/bytes.js';
import { writeKeyFile } from '../../node/key-file.js';
import { requiredOption, UsageError, type Command } from '../context.js';

export const initRegistrar: Command = {
  name: 'init-registrar',
  summary: "Operator: make the registrar's key pair on your own machine; the server gets only the public key",
  usage: 'tally init-registrar --out <file> [--json]',
  examples: ['tally init-registrar --out registrar.json', 'TALLY_REGISTRAR_KEY=$(tally init-registrar --out registrar.json --json | jq -r .publicKey) npm start'],
  details: [
    'Start a server on a fresh data directory with TALLY_REGISTRAR_KEY=<the public key printed>, and keep the key file',
    'off the server: whoever holds it admits participants and changes their keys. Sign as the registrar with',
    '--as registrar --key <file> (tally participant add|update|keys).',
  ],
  options: { out: { type: 'string' } },
  async run(args) {
    const out = requiredOption(args, 'out', 'where to write the key file (mode 0600)');
    const key = generateKeyPair();
    try {
      writeKeyFile(out, key);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${out} exists: a registrar key is not overwritten`);
      throw err;
    }
    const publicKey = toBase64Url(key.publicKey);
    return {
      json: { file: out, publicKey, keyId: keyIdOf(key.publicKey) },
      text: [
        `wrote ${out} (mode 0600): the registrar's secret key. Keep it off the server, and back it up.`,
        'Start the server with:',
        `  TALLY_REGISTRAR_KEY=${publicKey} npm start`,
      ].join('\n'),
    };
  },
};
