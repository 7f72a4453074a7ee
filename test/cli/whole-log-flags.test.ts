import { describe, expect, it } from 'vitest';
import { wholeLogNodeFlags } from '../../sdk/cli/whole-log-flags.js';

const GB = 2 ** 30;

describe('node flags for tally replay', () => {
  it('adds the larger young generation and three quarters of the memory as heap', () => {
    expect(wholeLogNodeFlags({ given: [], totalMemoryBytes: 24 * GB, heapLimitBytes: 4 * GB })).toEqual(['--max-semi-space-size=64', '--max-old-space-size=18432']);
  });

  it('leaves the heap alone where node already allows more than that', () => {
    expect(wholeLogNodeFlags({ given: [], totalMemoryBytes: 4 * GB, heapLimitBytes: 4 * GB })).toEqual(['--max-semi-space-size=64']);
  });

  it('never overrides what the user set, in either spelling', () => {
    expect(wholeLogNodeFlags({ given: ['--max-old-space-size=2048'], totalMemoryBytes: 24 * GB, heapLimitBytes: 2 * GB })).toEqual(['--max-semi-space-size=64']);
    expect(wholeLogNodeFlags({ given: ['--max_semi_space_size=8', '--max-old-space-size', '100'], totalMemoryBytes: 24 * GB, heapLimitBytes: 4 * GB })).toEqual([]);
  });
});
