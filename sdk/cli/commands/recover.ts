import { tileFetcherFor } from '../../node/tile-directory.js';
import { policyCheck, POLICY_OPTION } from '../policy-option.js';
import { requiredOption, stringOption, UsageError, type Command } from '../context.js';
import { operatorHooks } from '../operator-hooks.js';

export const recover: Command = {
  name: 'recover',
  summary: 'Operator: re-append to a rolled-back data directory the exact entries it lacks, from a mirror or a log\'s tiles',
  examples: ['tally recover --from https://mirror.example/tlog --data ./data'],
  usage:
    'tally recover --from <mirror dir or tiles URL> --data <data dir> [--policy <tlog-policy file>] [--json]\n' +
    '  The server must be stopped. The entries must chain from the store and reach the source checkpoint, signed by the store\'s log key.',
  options: { from: { type: 'string' }, data: { type: 'string', default: process.env.TALLY_DATA_DIR ?? './data' }, ...POLICY_OPTION },
  async run(args) {
    const dataDir = requiredOption(args, 'data');
    const from = requiredOption(args, 'from');
    // The recovery writes to the store: server-side code, which bin/tally.js provides.
    const { recoverFromTiles } = operatorHooks;
    if (recoverFromTiles === undefined) throw new UsageError('tally recover writes a server\'s store: run it from the Tally server installation (bin/tally.js), not the SDK package');
    const check = stringOption(args, 'policy') === undefined ? undefined : policyCheck(args);
    const result = await recoverFromTiles(dataDir, await tileFetcherFor(from), check);
    return {
      json: { ok: true, ...result },
      text:
        result.appended === 0
          ? `OK: the store already holds the source's ${result.size} entries (root ${result.rootHash}); nothing to do`
          : `OK: re-appended entries ${result.fromSize}..${result.size - 1} (${result.appended}) exactly as logged; the store is at size ${result.size}, root ${result.rootHash}`,
    };
  },
};
