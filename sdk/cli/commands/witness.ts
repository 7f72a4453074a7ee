import { existsSync } from 'node:fs';
import { generateKeyPair } from '../../../ledger/crypto/keys.js';
import { startWitness } from '../../../witness/server.js';
import { readKeyFile, writeKeyFile } from '../../node/key-file.js';
import { requiredOption, stringOption, UsageError, type Command } from '../context.js';

export const witness: Command = {
  name: 'witness',
  summary: 'Run a C2SP tlog-witness: cosign checkpoints of the given logs that prove consistent with the last one cosigned',
  examples: ["tally witness --key witness-key.json --log \"$(cat log-key.pub)\" --state ./witness-state --port 9090"],
  usage:
    'tally witness --key <keyfile> --log <log verifier key> [--log ...] --state <dir> --port <port> [--name <witness name>] [--host 127.0.0.1]\n' +
    '  The key file is created (mode 0600) when absent. Prints the witness verifier key string, then serves until SIGINT/SIGTERM.',
  options: {
    key: { type: 'string' },
    log: { type: 'string', multiple: true },
    state: { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    name: { type: 'string', default: 'localhost/witness' },
  },
  async run(args) {
    const keyPath = requiredOption(args, 'key');
    const logKeys = (args.values.log as string[] | undefined) ?? [];
    if (logKeys.length === 0) throw new UsageError('--log <log verifier key> is required (once per log)');
    const port = Number(stringOption(args, 'port'));
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0..65535');
    if (!existsSync(keyPath)) writeKeyFile(keyPath, generateKeyPair());
    const running = await startWitness({
      name: requiredOption(args, 'name'),
      key: readKeyFile(keyPath),
      logKeys,
      stateDir: requiredOption(args, 'state'),
      host: requiredOption(args, 'host'),
      port,
      onRefusal: (status, reason) => console.error(`${new Date().toISOString()} refused ${status}: ${reason}`),
    });
    // Printed first and alone on their lines, so scripts (and tests) can read them.
    console.log(`witness key ${running.vkey}`);
    console.log(`listening ${running.url}`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await running.close();
    return { json: { ok: true, vkey: running.vkey, url: running.url }, text: '' };
  },
};
