import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';

/**
 * Node flags for the command that holds a whole log's derived state in memory (`tally replay`;
 * see replay-memory.ts), which bin/tally.js runs in a child node with them. Node fixes its heap's
 * sizes when it starts, so they cannot be set from inside the command.
 */

/**
 * Commands that replay the whole log into memory. Not `tally fsck` since it keeps its replay in a
 * scratch store: on the replay bench's 20,000 entries it ran as fast without these flags (5.38 to
 * 5.72 s against 5.49 to 5.69 s, three runs each) in 295 MB instead of 392, and started once.
 */
export const WHOLE_LOG_COMMANDS: ReadonlySet<string> = new Set(['replay']);

/**
 * Semi-spaces of 64 MB (Node's default is 16): every state value a replay writes lives to the
 * end, so the young generation's collections copy them all; fewer, larger ones cost less. A
 * replay of the million-entry national-scale log, one run each: 4,718 entries/s against 3,956/s
 * with the default, 27.9 s of young-generation pauses against 50.3 s (128 MB: 4,896/s, 22.7 s).
 */
const SEMI_SPACE_MB = 64;

/** The old generation may take this share of the machine's memory (Node's default: about 4 GB). */
const HEAP_SHARE_OF_MEMORY = 0.75;

export interface NodeSettings {
  /** Flags node already has: its execArgv and NODE_OPTIONS, which the user's choice wins over. */
  given: readonly string[];
  totalMemoryBytes: number;
  heapLimitBytes: number;
}

/**
 * The flags to add for a whole-log command: the larger young generation, and an old generation of
 * three quarters of the machine's memory when that is more than node's limit. None that the
 * user set already.
 * @example wholeLogNodeFlags({ given: [], totalMemoryBytes: 24 * 2 ** 30, heapLimitBytes: 4 * 2 ** 30 })
 *   // ['--max-semi-space-size=64', '--max-old-space-size=18432']
 */
export function wholeLogNodeFlags(settings: NodeSettings = currentNodeSettings()): string[] {
  // Node takes `--max_old_space_size` as well as `--max-old-space-size`, with `=` or a space.
  const sets = (flag: string) => {
    const spellings = [flag, `--${flag.slice(2).replaceAll('-', '_')}`];
    return settings.given.some((arg) => spellings.some((spelling) => arg === spelling || arg.startsWith(`${spelling}=`)));
  };
  const flags: string[] = [];
  if (!sets('--max-semi-space-size')) flags.push(`--max-semi-space-size=${SEMI_SPACE_MB}`);
  const oldSpaceMb = Math.floor((settings.totalMemoryBytes * HEAP_SHARE_OF_MEMORY) / 2 ** 20);
  if (!sets('--max-old-space-size') && oldSpaceMb * 2 ** 20 > settings.heapLimitBytes) flags.push(`--max-old-space-size=${oldSpaceMb}`);
  return flags;
}

function currentNodeSettings(): NodeSettings {
  return {
    given: [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean)],
    totalMemoryBytes: totalmem(),
    heapLimitBytes: getHeapStatistics().heap_size_limit,
  };
}
