import { describe, expect, it } from 'vitest';
import type { Entry } from '../../schemas/entry.js';
import { fsck } from '../../ledger/store/fsck.js';
import { compareWithReplay, type KeyProblem } from '../../ledger/store/fsck-compare.js';
import { RefusedEntry, ScratchReplay } from '../../ledger/store/fsck-replay.js';
import { compareKeys } from '../../ledger/store/key-order.js';
import { LOG_KEYS } from '../../ledger/store/log-layout.js';
import { MemoryBackend } from '../../ledger/store/memory-backend.js';
import { nodeVerify } from '../../sdk/node-verify.js';
import { copperChain } from '../sdk/scenario.js';

/**
 * `tally fsck` out of core: the replay writes what it derives to a scratch store a page at a
 * time, reading back from it what later pages need, and the comparison walks the two stores side
 * by side. A page boundary is where a replay like this goes wrong (a key written in one page and
 * read in the next), so the same log is checked with pages of one, two and three entries.
 */

async function soundLog(): Promise<MemoryBackend> {
  const backend = new MemoryBackend();
  await copperChain(undefined, backend);
  return backend;
}

async function entriesOf(backend: MemoryBackend): Promise<Entry[]> {
  const entries: Entry[] = [];
  for await (const [, text] of backend.scan({ gte: LOG_KEYS.entryPrefix, lt: `${LOG_KEYS.entryPrefix}\uffff` })) entries.push(JSON.parse(text) as Entry);
  return entries;
}

async function keyCount(backend: MemoryBackend): Promise<number> {
  let n = 0;
  for await (const _ of backend.scan({ gte: '' })) n++;
  return n;
}

describe('fsck with a scratch store', () => {
  it('gives the same verdict whatever the page size, and the scratch store holds exactly the keys compared', async () => {
    const backend = await soundLog();
    const entries = (await entriesOf(backend)).length;
    expect(entries).toBeGreaterThan(10);
    const reports = [];
    for (const pageSize of [1, 2, 3, 1000]) {
      const scratch = new MemoryBackend();
      const report = await fsck(backend, { verify: nodeVerify, scratch, pageSize });
      expect(report, `pages of ${pageSize}`).toMatchObject({ ok: true, entries, problemCount: 0 });
      expect(await keyCount(scratch)).toBe(report.keysCompared);
      reports.push(report);
    }
    expect(new Set(reports.map((r) => r.keysCompared)).size).toBe(1);
  });

  it('names a state key changed behind the log, across pages', async () => {
    const backend = await soundLog();
    const [key, text] = await (async () => {
      for await (const kv of backend.scan({ gte: 'b/', lt: 'b/\uffff' })) return kv;
      throw new Error('no batch');
    })();
    await backend.write([[key, text.replace(/"massG":(\d+)/, (_, g: string) => `"massG":${Number(g) + 1}`)]]);
    const report = await fsck(backend, { verify: nodeVerify, scratch: new MemoryBackend(), pageSize: 2 });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'different', key })]);
  });

  it('names a key the store holds past U+FFFF, which a scan bounded by "\\uffff" would pass over', async () => {
    const backend = await soundLog();
    await backend.write([['\u{1f600}/hidden', '{}']]);
    const report = await fsck(backend, { verify: nodeVerify, scratch: new MemoryBackend() });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'extra', key: '\u{1f600}/hidden' })]);
  });

  it('stops when its signal is aborted, with the signal\'s reason', async () => {
    const backend = await soundLog();
    const stop = new AbortController();
    stop.abort(new Error('operator stopped it'));
    await expect(fsck(backend, { verify: nodeVerify, scratch: new MemoryBackend(), signal: stop.signal })).rejects.toThrow('operator stopped it');
  });

  it('names a genesis entry that is not JSON, rather than stopping', async () => {
    const backend = await soundLog();
    await backend.write([[LOG_KEYS.entry(0), 'not json']]);
    const report = await fsck(backend, { verify: nodeVerify, scratch: new MemoryBackend() });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'entry', key: LOG_KEYS.entry(0) })]);
  });

  it('refuses a scratch store that is not empty', async () => {
    const backend = await soundLog();
    const scratch = new MemoryBackend();
    await scratch.write([['b/left-over', '{}']]);
    await expect(fsck(backend, { verify: nodeVerify, scratch })).rejects.toThrow(/empty scratch store/);
  });

  it('refuses an entry that repeats an earlier event id, before its rules', async () => {
    const entries = await entriesOf(await soundLog());
    const replay = new ScratchReplay(new MemoryBackend(), nodeVerify, 4);
    const hash = new Uint8Array(32);
    for (const entry of entries) await replay.add({ entry, hash, subtrees: [] });
    const repeat = { ...entries[3]!, seq: entries.length };
    const refused = await Promise.resolve(replay.add({ entry: repeat, hash, subtrees: [] })).then(() => replay.flush()).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(RefusedEntry);
    expect(refused).toMatchObject({ code: 'event_conflict', entry: { seq: entries.length } });
  });

  it('refuses an entry that is not shaped like one, rather than stopping', async () => {
    const entries = await entriesOf(await soundLog());
    const replay = new ScratchReplay(new MemoryBackend(), nodeVerify, 1000);
    for (const entry of entries) await replay.add({ entry, hash: new Uint8Array(32), subtrees: [] });
    const hollow = { ...entries[1]!, seq: entries.length, event: null } as unknown as Entry;
    const refused = await Promise.resolve(replay.add({ entry: hollow, hash: new Uint8Array(32), subtrees: [] })).then(() => replay.flush()).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(RefusedEntry);
    expect(refused).toMatchObject({ entry: { seq: entries.length } });
  });
});

describe('the side-by-side comparison', () => {
  it('names extra, missing and different keys in key order, skips the entries, head and checkpoint, and counts unchecked log keys', async () => {
    const store = new MemoryBackend();
    const derived = new MemoryBackend();
    await store.write([
      [LOG_KEYS.entry(0), '{}'],
      [LOG_KEYS.entry(1), '{}'],
      [LOG_KEYS.entry(2), '{}'], // past the log's size of 2
      [LOG_KEYS.head, '{}'],
      [LOG_KEYS.checkpoint, 'cp'],
      ['log/q/later-feature', 'x'],
      ['b/same', '{"a":1,"b":2}'],
      ['b/reordered', '{"b":2,"a":1}'],
      ['b/changed', '{"massG":1}'],
      ['b/only-in-store', '{}'],
      ['p/z', '{}'],
    ]);
    await derived.write([
      ['b/same', '{"a":1,"b":2}'],
      ['b/reordered', '{"a":1,"b":2}'],
      ['b/changed', '{"massG":2}'],
      ['b/only-replayed', '{}'],
      ['ib/x', '"batch.register"'],
      ['p/z', '{}'],
      ['zz/last', '1'],
    ]);
    const problems: KeyProblem[] = [];
    const counts = await compareWithReplay(store, derived, 2, (problem) => problems.push(problem));
    expect(problems.map(({ kind, key }) => `${kind} ${key}`)).toEqual([
      'different b/changed',
      'extra b/only-in-store',
      'missing b/only-replayed',
      'missing ib/x',
      `extra ${LOG_KEYS.entry(2)}`,
      'missing zz/last',
    ]);
    expect(counts).toEqual({ compared: 5, unchecked: 1 });
  });
});

describe('key order', () => {
  it('is the byte order of UTF-8, as LevelDB scans, where UTF-16 order is not', () => {
    const alphabet = ['a', 'z', '/', '\u00e9', '\ud7ff', '\ue000', '\uffff', '\u{10000}', '\u{1f600}'];
    const keys: string[] = [];
    for (const x of alphabet) for (const y of alphabet) keys.push(`k/${x}${y}`);
    const utf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
    for (const a of keys) for (const b of keys) expect(Math.sign(compareKeys(a, b)), `${a} ${b}`).toBe(utf8(a, b));
    // The case the fix-up is for: JavaScript's < puts the astral character first.
    expect('\u{10000}' < '\uffff').toBe(true);
    expect(compareKeys('\u{10000}', '\uffff')).toBeGreaterThan(0);
  });
});
