import { isTallyError } from '../../../ledger/errors.js';
import { FileCheckpointStore } from '../../checkpoint-store-file.js';
import { nodeVerify } from '../../node-verify.js';
import { CheckpointTracker, MemoryCheckpointStore } from '../../verify/index.js';
import { CONNECTION_OPTIONS, publicClient, stringOption, UsageError, type Command } from '../context.js';
import { logKeyArg, LOG_KEY_OPTION } from '../log-key.js';
import { policyCheck, POLICY_OPTION } from '../policy-option.js';

export const monitor: Command = {
  name: 'monitor',
  summary: 'Watch a log: verify each new checkpoint and prove it extends the last one; exit non-zero on a fork',
  usage: 'tally monitor --log-key <verifier key string | log-key.pub> [--url <server>] [--state <file>] [--interval <seconds>] [--count <polls>] [--policy <tlog-policy file>] [--json]',
  examples: ['tally monitor --log-key log-key.pub --state seen.json --interval 60'],
  details: ['Exit 3 on a fork or rollback, with the two contradictory checkpoints as evidence. --state keeps the last checkpoint seen between runs.'],
  options: {
    url: CONNECTION_OPTIONS.url,
    ...LOG_KEY_OPTION,
    state: { type: 'string' },
    interval: { type: 'string', default: '10' },
    count: { type: 'string' },
    ...POLICY_OPTION,
  },
  async run(args) {
    const api = publicClient(args);
    const statePath = stringOption(args, 'state');
    const tracker = new CheckpointTracker({
      logKey: logKeyArg(args),
      store: statePath ? new FileCheckpointStore(statePath) : new MemoryCheckpointStore(),
      verify: nodeVerify,
    });
    const meetsPolicy = policyCheck(args, logKeyArg(args));
    const intervalMs = Number(stringOption(args, 'interval')) * 1000;
    const count = stringOption(args, 'count') === undefined ? Infinity : Number(stringOption(args, 'count'));
    if (!(intervalMs >= 0) || !(count >= 1)) throw new UsageError('--interval is seconds (a number) and --count a number of polls, at least 1');
    const log: string[] = [];
    const say = (line: string) => {
      log.push(line);
      if (args.values.json !== true) console.log(line);
    };
    for (let poll = 0; poll < count; poll++) {
      if (poll > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
      const { data: text, error } = await api.GET('/v1/checkpoint', { parseAs: 'text' });
      if (error) {
        say(`${new Date().toISOString()} could not fetch the checkpoint: ${JSON.stringify(error)}`);
        continue;
      }
      try {
        meetsPolicy?.(text as string);
        const update = await tracker.accept(text as string, async (from, to) => {
          const proof = await api.GET('/v1/proofs/consistency', { params: { query: { from, to } } });
          if (proof.error) throw new Error(`consistency proof ${from}->${to} refused: ${proof.error.code}`);
          return proof.data;
        });
        const c = update.current;
        say(`${new Date().toISOString()} ok size ${c.size} root ${c.rootHash}${update.advanced && update.previous ? ` (proved consistent with ${update.previous.size})` : ''}`);
      } catch (err) {
        if (isTallyError(err) && (err.code === 'fork_detected' || err.code === 'rollback_detected' || err.code === 'invalid_checkpoint')) {
          say(`${new Date().toISOString()} ALERT ${err.code}: ${err.message}`);
          return { json: { ok: false, code: err.code, message: err.message, log }, text: '', exitCode: 3 };
        }
        if (isTallyError(err) && err.code === 'policy_unsatisfied') {
          say(`${new Date().toISOString()} refused ${err.code}: ${err.message}`);
          continue;
        }
        say(`${new Date().toISOString()} poll failed: ${(err as Error).message}`);
      }
    }
    return { json: { ok: true, log }, text: '' };
  },
};
