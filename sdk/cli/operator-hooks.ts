import type { TileFetcher } from '../tiles/tile-fetcher.js';

/**
 * Operator commands that write a store (`tally recover`) need server-side code, which the SDK
 * package must not contain. The repository's `bin/tally.js` fills these in before it runs the CLI;
 * the packaged CLI leaves them empty and says where the command runs instead.
 */
export interface OperatorHooks {
  recoverFromTiles?: (
    dataDir: string,
    fetcher: TileFetcher,
    check?: (checkpoint: string, logKey: string) => void,
  ) => Promise<{ fromSize: number; size: number; appended: number; rootHash: string }>;
}

export const operatorHooks: OperatorHooks = {};
