import { nodeVerify } from '../../node-verify.js';
import { entryPager } from '../../client.js';
import { replayLog } from '../../replay.js';
import { CONNECTION_OPTIONS, clientFor, problemResult, requiredOption, type Command } from '../context.js';

export const replay: Command = {
  name: 'replay',
  summary: "Auditor: replay the whole log, checking every link, signature, rule and the tree against the checkpoint",
  usage: 'tally replay --url <server> --key <keyfile> --as <auditor> --log-key <verifier key string> [--json]',
  options: { ...CONNECTION_OPTIONS, 'log-key': { type: 'string', default: process.env.TALLY_LOG_KEY } },
  async run(args) {
    const logKey = requiredOption(args, 'log-key');
    const api = clientFor(args);
    const { data: checkpoint, error } = await api.GET('/v1/checkpoint', { parseAs: 'text' });
    if (error) return problemResult(error);
    const quiet = args.values.json === true || !process.stderr.isTTY;
    const result = await replayLog({
      logKey,
      checkpoint: checkpoint as string,
      verify: nodeVerify,
      fetchEntries: entryPager(api),
      onProgress: ({ done, total }) => {
        if (quiet) return;
        const width = 30;
        const filled = Math.round((done / Math.max(total, 1)) * width);
        process.stderr.write(`\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      },
    });
    if (!quiet) process.stderr.write('\n');
    if (!result.ok) {
      const f = result.failure;
      return { json: result, text: `FAILED at entry ${f.seq}: [${f.code}${f.cause ? `/${f.cause}` : ''}] ${f.message}`, exitCode: 1 };
    }
    const s = result.summary;
    const materials = Object.entries(s.materials).map(([m, t]) => `${m} ${(Number(BigInt(t.registeredG)) / 1e6).toLocaleString('en-GB')} t registered`);
    return {
      json: { ok: true, summary: s, checkpoint: result.checkpoint },
      text: [
        `OK: replayed ${s.size} entries in ${(s.durationMs / 1000).toFixed(1)} s; every hash link, signature and rule holds, and the tree matches the checkpoint`,
        `  root ${s.rootHash}`,
        `  ${s.participants} participants, ${s.batches} batches; ${materials.join(', ')}`,
      ].join('\n'),
    };
  },
};
