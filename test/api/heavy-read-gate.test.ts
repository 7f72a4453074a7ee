import { describe, expect, it } from 'vitest';
import { readConfig } from '../../api/config.js';
import { HeavyReadGate } from '../../api/heavy-reads.js';

/** A piece of work the test finishes when it likes, recording when it started. */
function deferred(started: string[], name: string) {
  let finish!: (value: string) => void;
  let fail!: (err: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return {
    work: () => {
      started.push(name);
      return done;
    },
    finish: () => finish(name),
    fail: (err: Error) => fail(err),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('HeavyReadGate', () => {
  it('runs at most `running` at once, queues `waiting` more first come first served, and refuses the rest at once', async () => {
    const gate = new HeavyReadGate({ running: 2, waiting: 2 });
    const started: string[] = [];
    const jobs = ['a', 'b', 'c', 'd'].map((name) => deferred(started, name));
    const results = jobs.map((job) => gate.run(job.work));
    await settle();
    expect(started).toEqual(['a', 'b']);
    expect(gate.load).toEqual({ running: 2, waiting: 2 });
    await expect(gate.run(async () => 'e')).rejects.toMatchObject({ code: 'busy' });

    jobs[1]!.finish();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    jobs[0]!.finish();
    await settle();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    expect(gate.load).toEqual({ running: 2, waiting: 0 });
    jobs[2]!.finish();
    jobs[3]!.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('passes a failure on and gives its place to the next', async () => {
    const gate = new HeavyReadGate({ running: 1, waiting: 1 });
    const started: string[] = [];
    const first = deferred(started, 'first');
    const second = deferred(started, 'second');
    const failing = gate.run(first.work);
    const next = gate.run(second.work);
    await settle();
    first.fail(new Error('store read failed'));
    await expect(failing).rejects.toThrow('store read failed');
    await settle();
    expect(started).toEqual(['first', 'second']);
    second.finish();
    expect(await next).toBe('second');
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
    expect(await gate.run(async () => 'again')).toBe('again');
  });

  it('refuses everything when no read may run, without calling the work', async () => {
    const gate = new HeavyReadGate({ running: 0, waiting: 5 });
    let called = false;
    await expect(
      gate.run(async () => {
        called = true;
      }),
    ).rejects.toMatchObject({ code: 'busy' });
    expect(called).toBe(false);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });
});

it('reads TALLY_HEAVY_READS and TALLY_HEAVY_READS_QUEUE: 2 and 32 unless set, whole numbers in range', () => {
  expect(readConfig({}).heavyReads).toEqual({ running: 2, waiting: 32 });
  expect(readConfig({ TALLY_HEAVY_READS: '0', TALLY_HEAVY_READS_QUEUE: '0' }).heavyReads).toEqual({ running: 0, waiting: 0 });
  for (const bad of ['-1', '1.5', '65', 'many']) expect(() => readConfig({ TALLY_HEAVY_READS: bad })).toThrow(/TALLY_HEAVY_READS/);
  for (const bad of ['-1', '10001']) expect(() => readConfig({ TALLY_HEAVY_READS_QUEUE: bad })).toThrow(/TALLY_HEAVY_READS_QUEUE/);
});
