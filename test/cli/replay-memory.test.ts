import { describe, expect, it } from 'vitest';
import { REPLAY_HEAP_BYTES_PER_ENTRY, replayMemoryWarning } from '../../sdk/cli/replay-memory.js';

const GB = 2 ** 30;

describe('tally replay memory warning', () => {
  it('says nothing when the state fits the heap with room to spare', () => {
    expect(replayMemoryWarning(20_000, 4 * GB)).toBeUndefined();
    expect(replayMemoryWarning(1_000_000, 4 * GB)).toBeUndefined();
    // Without the query indexes, ten million entries fit even node's default heap of about 4 GB.
    expect(replayMemoryWarning(10_000_000, 4 * GB)).toBeUndefined();
  });

  it('warns, with a heap size to run with, when the state would not fit', () => {
    const warning = replayMemoryWarning(30_000_000, 4 * GB);
    expect(warning).toMatch(/^warning: replaying 30,000,000 entries holds about 8\.4 GB/);
    // 1.5 times the estimate, rounded up to whole GB: 12.6 GB -> 13 GB.
    expect(warning).toContain('NODE_OPTIONS=--max-old-space-size=13312');
  });

  it('warns from 80% of the limit on', () => {
    const limit = 8 * GB;
    const atLimit = Math.floor((limit * 0.8) / REPLAY_HEAP_BYTES_PER_ENTRY);
    expect(replayMemoryWarning(atLimit, limit)).toBeUndefined();
    expect(replayMemoryWarning(atLimit + 1, limit)).toBeDefined();
  });
});
