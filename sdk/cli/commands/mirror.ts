import { nodeVerify } from '../../node-verify.js';
import { mirrorTiles } from '../../tiles/mirror.js';
import { httpTileFetcher } from '../../tiles/tile-fetcher.js';
import { directoryMirrorTarget } from '../../node/mirror-directory.js';
import { policyCheck, POLICY_OPTION } from '../policy-option.js';
import { requiredOption, type Command } from '../context.js';

export const mirror: Command = {
  name: 'mirror',
  summary: 'Copy a log as C2SP tiles into a directory (for nginx, an object store, a CDN), checking every tile against the verified checkpoint',
  examples: ['tally mirror --url http://127.0.0.1:8080 --out ./tlog-mirror --log-key log-key.pub'],
  usage: 'tally mirror --url <log or tiles URL> --out <dir> --log-key <verifier key string> [--policy <tlog-policy file>] [--json]\n  Run it again to extend the mirror; --url may be the server (its /tlog/) or another mirror.',
  options: { url: { type: 'string', default: process.env.TALLY_URL }, out: { type: 'string' }, 'log-key': { type: 'string', default: process.env.TALLY_LOG_KEY }, ...POLICY_OPTION },
  async run(args) {
    const logKey = requiredOption(args, 'log-key');
    const url = requiredOption(args, 'url').replace(/\/+$/, '');
    const prefix = url.endsWith('/tlog') || !/^https?:\/\/[^/]+$/.test(url) ? url : `${url}/tlog`;
    const check = policyCheck(args, logKey);
    const result = await mirrorTiles({
      source: httpTileFetcher(prefix),
      target: directoryMirrorTarget(requiredOption(args, 'out')),
      logKey,
      verify: nodeVerify,
      ...(check ? { check } : {}),
    });
    const c = result.checkpoint;
    return {
      json: { ok: true, size: c.size, rootHash: c.rootHash, previousSize: result.previousSize, tilesWritten: result.tilesWritten },
      text: `OK: mirrored ${c.size} entries (${c.size - result.previousSize} new, ${result.tilesWritten} tiles written); every tile checked against the checkpoint, root ${c.rootHash}`,
    };
  },
};
