import { nodeVerify } from '../../node-verify.js';
import { entryPager } from '../../client.js';
import { replayLog } from '../../replay.js';
import type { Entry } from '../../../schemas/entry.js';
import { verifyCheckpoint } from '../../verify/checkpoint.js';
import { tileFetcherFor } from '../../node/tile-directory.js';
import { fetchCheckpointText } from '../../tiles/tile-fetcher.js';
import { tileEntryPager } from '../../tiles/tile-entries.js';
import { policyCheck, POLICY_OPTION } from '../policy-option.js';
import { CONNECTION_OPTIONS, clientFor, problemResult, requiredOption, stringOption, type Command } from '../context.js';

export const replay: Command = {
  name: 'replay',
  summary: "Auditor: replay the whole log, checking every link, signature, rule and the tree against the checkpoint",
  usage:
    'tally replay --url <server> --key <keyfile> --as <auditor> --log-key <verifier key string> [--policy <file>] [--json]\n' +
    '       tally replay --tiles <tiles URL or mirror dir> --log-key <verifier key string> [--policy <file>] [--json]   (no API server needed)',
  options: { ...CONNECTION_OPTIONS, 'log-key': { type: 'string', default: process.env.TALLY_LOG_KEY }, tiles: { type: 'string' }, ...POLICY_OPTION },
  async run(args) {
    const logKey = requiredOption(args, 'log-key');
    const tiles = stringOption(args, 'tiles');
    let checkpoint: string;
    let fetchEntries: (from: number, limit: number) => Promise<Entry[]>;
    if (tiles !== undefined) {
      const fetcher = await tileFetcherFor(tiles);
      checkpoint = await fetchCheckpointText(fetcher);
      fetchEntries = tileEntryPager(fetcher, verifyCheckpoint(checkpoint, logKey, nodeVerify).size);
    } else {
      const api = clientFor(args);
      const { data, error } = await api.GET('/v1/checkpoint', { parseAs: 'text' });
      if (error) return problemResult(error);
      checkpoint = data as string;
      fetchEntries = entryPager(api);
    }
    policyCheck(args, logKey)?.(checkpoint);
    const quiet = args.values.json === true || !process.stderr.isTTY;
    const result = await replayLog({
      logKey,
      checkpoint,
      verify: nodeVerify,
      fetchEntries,
      pageSize: tiles !== undefined ? 256 : 1000,
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
    const materials = Object.entries(s.materials).map(([m, t]) => `${m} ${(t.registeredG / 1e6).toLocaleString('en-GB')} t registered`);
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
