import { nodeVerify } from '../../node-verify.js';
import { nodeHashes } from '../../node-hashes.js';
import { nodeSubgroupCheck } from '../../node-subgroup.js';
import { entryPager } from '../../client.js';
import { replayLog } from '../../replay.js';
import type { Entry } from '../../../schemas/entry.js';
import { verifyCheckpoint } from '../../verify/checkpoint.js';
import { tileFetcherFor } from '../../node/tile-directory.js';
import { fetchCheckpointText } from '../../tiles/tile-fetcher.js';
import { tileEntryPager } from '../../tiles/tile-entries.js';
import { policyCheck, POLICY_OPTION } from '../policy-option.js';
import { CONNECTION_OPTIONS, clientFor, problemResult, stringOption, type Command } from '../context.js';
import { logKeyArg, LOG_KEY_OPTION } from '../log-key.js';
import { VerifyPool } from '../../node/verify-pool.js';
import { replayMemoryWarning } from '../replay-memory.js';

export const replay: Command = {
  name: 'replay',
  summary: "Auditor: replay the whole log, checking every link, signature, rule and the tree against the checkpoint",
  usage:
    'tally replay --log-key <verifier key string | log-key.pub> [--url <server>] [--key <keyfile> --as <auditor>] [--policy <file>] [--json]\n' +
    '       tally replay --tiles <tiles URL or mirror dir> --log-key <verifier key string | log-key.pub> [--policy <file>] [--json]   (no API server needed)',
  examples: ['tally replay --log-key log-key.pub --as uk-audit --key audit.json', 'tally replay --tiles https://mirror.example/tlog --log-key log-key.pub'],
  details: ['From the API it needs an auditor or the registrar (GET /v1/entries); from tiles it needs nobody. On a failure it names the first bad entry and exits 1.'],
  options: { ...CONNECTION_OPTIONS, ...LOG_KEY_OPTION, tiles: { type: 'string' }, ...POLICY_OPTION },
  async run(args) {
    const logKey = logKeyArg(args);
    const tiles = stringOption(args, 'tiles');
    let checkpoint: string;
    let fetchEntries: (from: number, limit: number) => Promise<Entry[]>;
    let size: number;
    if (tiles !== undefined) {
      const fetcher = await tileFetcherFor(tiles);
      checkpoint = await fetchCheckpointText(fetcher);
      size = verifyCheckpoint(checkpoint, logKey, nodeVerify).size;
      fetchEntries = tileEntryPager(fetcher, size);
    } else {
      const api = clientFor(args);
      const { data, error } = await api.GET('/v1/checkpoint', { parseAs: 'text' });
      if (error) return problemResult(error);
      checkpoint = data as string;
      size = verifyCheckpoint(checkpoint, logKey, nodeVerify).size;
      fetchEntries = entryPager(api);
    }
    policyCheck(args, logKey)?.(checkpoint);
    // Said before the work starts, not after an out-of-memory crash many minutes in.
    const memoryWarning = replayMemoryWarning(size);
    if (memoryWarning !== undefined) process.stderr.write(`${memoryWarning}\n`);
    const quiet = args.values.json === true || !process.stderr.isTTY;
    // Signatures on worker threads, a page ahead of the custody rules (same verdicts, both cores).
    const pool = new VerifyPool();
    const result = await replayLog({
      logKey,
      checkpoint,
      verify: nodeVerify,
      hashes: nodeHashes,
      subgroupCheck: nodeSubgroupCheck,
      fetchEntries,
      pageSize: tiles !== undefined ? 256 : 1000,
      verifyAhead: pool.verifyBatch,
      // It reports a verdict and a summary, never a query: the indexes no rule reads stay out,
      // a tenth of the memory and 1.7 times the speed at a million entries (sdk/replay.ts).
      indexes: false,
      onProgress: ({ done, total }) => {
        if (quiet) return;
        const width = 30;
        const filled = Math.round((done / Math.max(total, 1)) * width);
        process.stderr.write(`\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      },
    }).finally(() => pool.close());
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
