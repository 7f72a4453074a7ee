import { readFileSync } from 'node:fs';
import { isTallyError } from '../../../ledger/errors.js';
import { nodeVerify } from '../../node-verify.js';
import { verifyCheckpoint } from '../../verify/checkpoint.js';
import { verifyTlogProof, writeTlogProof } from '../../verify/tlog-proof.js';
import { policyOf, POLICY_OPTION } from '../policy-option.js';
import { clientFor, problemResult, requiredOption, stringOption, UsageError, type Command } from '../context.js';

export const proof: Command = {
  name: 'proof',
  summary: 'Write or verify a single-entry proof in C2SP tlog-proof format (c2sp.org/tlog-proof@v1)',
  examples: ['tally proof write --seq 42 --url http://127.0.0.1:8080 --log-key log-key.pub > entry42.proof', 'tally proof verify entry42.proof --entry entry42.json --log-key log-key.pub'],
  usage:
    'tally proof write --url <server> --seq <n> --log-key <key>          (prints the proof, with the cosigned checkpoint)\n' +
    '       tally proof verify <file.tlog-proof> --entry <leaf file> --log-key <key> [--policy <file>]',
  options: { url: { type: 'string', default: process.env.TALLY_URL ?? 'http://127.0.0.1:8080' }, seq: { type: 'string' }, entry: { type: 'string' }, 'log-key': { type: 'string', default: process.env.TALLY_LOG_KEY }, ...POLICY_OPTION },
  async run(args) {
    const [action, file] = args.positionals;
    const logKey = requiredOption(args, 'log-key');
    if (action === 'write') {
      const seq = Number(requiredOption(args, 'seq'));
      if (!Number.isSafeInteger(seq) || seq < 0) throw new UsageError('--seq must be a non-negative integer');
      const api = clientFor(args);
      const cp = await api.GET('/v1/checkpoint', { parseAs: 'text' });
      if (cp.error) return problemResult(cp.error);
      const { size } = verifyCheckpoint(cp.data as string, logKey, nodeVerify);
      const inclusion = await api.GET('/v1/proofs/inclusion', { params: { query: { seq, size } } });
      if (inclusion.error) return problemResult(inclusion.error);
      const text = writeTlogProof(seq, inclusion.data.proof, cp.data as string);
      return { json: { ok: true, proof: text }, text: text.replace(/\n$/, '') };
    }
    if (action === 'verify' && file) {
      const entryPath = requiredOption(args, 'entry');
      try {
        const policy = policyOf(args);
        const verified = verifyTlogProof(readFileSync(file, 'utf8'), new Uint8Array(readFileSync(entryPath)), logKey, { verify: nodeVerify, ...(policy ? { policy } : {}) });
        return { json: { ok: true, ...verified }, text: `VALID: entry ${verified.index} is in the tree of ${verified.checkpoint.size} entries${stringOption(args, 'policy') ? ', cosigned as the policy requires' : ''}` };
      } catch (err) {
        if (!isTallyError(err)) throw err;
        return { json: { ok: false, code: err.code, message: err.message }, text: `INVALID proof: [${err.code}] ${err.message}`, exitCode: 1 };
      }
    }
    throw new UsageError(`usage: ${this.usage}`);
  },
};
