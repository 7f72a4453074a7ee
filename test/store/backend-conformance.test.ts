import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KvBackend } from '../../ledger/store/backend.js';
import { prefixRange } from '../../ledger/store/backend.js';
import { LevelBackend, SMALL_READ_KEYS } from '../../ledger/store/level-backend.js';
import { MemoryBackend } from '../../ledger/store/memory-backend.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A LevelDB store in a fresh directory, reads of up to `inlineReadKeys` keys made on this thread (its default when omitted). */
function level(inlineReadKeys?: number): () => Promise<KvBackend> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-kv-'));
    dirs.push(dir);
    return LevelBackend.open(dir, inlineReadKeys === undefined ? {} : { inlineReadKeys });
  };
}

// Every read on the pool, small ones on the calling thread (the default, the server's), a few of
// them there, every one there (fsck's scratch store).
const backends: Array<[string, () => Promise<KvBackend>]> = [
  ['memory', async () => new MemoryBackend()],
  ['level, every read on the pool', level(0)],
  [`level, reads of up to ${SMALL_READ_KEYS} keys inline (the default)`, level()],
  ['level, reads of up to 2 keys inline', level(2)],
  ['level, every read inline', level(Infinity)],
];

async function collect(iterable: AsyncIterable<[string, string]>): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  for await (const pair of iterable) out.push(pair);
  return out;
}

describe.each(backends)('KvBackend conformance: %s', (_name, open) => {
  it('reads back what one write put, and undefined for absent keys', async () => {
    const kv = await open();
    await kv.write([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(await kv.get('a')).toBe('1');
    expect(await kv.get('zz')).toBeUndefined();
    expect(await kv.getMany(['b', 'zz', 'a'])).toEqual(['2', undefined, '1']);
    expect(await kv.getMany(['zz', 'a'])).toEqual([undefined, '1']);
    expect(await kv.getMany([])).toEqual([]);
    await kv.close();
  });

  it('overwrites a key with the last put', async () => {
    const kv = await open();
    await kv.write([['k', 'old']]);
    await kv.write([['k', 'new']]);
    expect(await kv.get('k')).toBe('new');
    await kv.close();
  });

  it('scans a prefix in byte order, forwards, backwards and with a limit', async () => {
    const kv = await open();
    await kv.write([
      ['x/b', '2'],
      ['x/a', '1'],
      ['x/c', '3'],
      ['x.', 'outside'],
      ['y/a', 'outside'],
    ]);
    expect(await collect(kv.scan(prefixRange('x/')))).toEqual([
      ['x/a', '1'],
      ['x/b', '2'],
      ['x/c', '3'],
    ]);
    expect((await collect(kv.scan({ ...prefixRange('x/'), reverse: true, limit: 2 }))).map(([k]) => k)).toEqual(['x/c', 'x/b']);
    expect(await collect(kv.scan({ gte: 'x/b', lt: 'x/c' }))).toEqual([['x/b', '2']]);
    await kv.close();
  });

  it('scans to the last key without an upper bound, in UTF-8 byte order past U+FFFF', async () => {
    const kv = await open();
    // JavaScript's < puts the astral key first (its surrogates are D800-DFFF); LevelDB's bytes do not.
    await kv.write([
      ['k/\u{10000}', 'astral'],
      ['k/\uffff', 'last of the BMP'],
      ['k/~', 'ascii'],
      ['a', 'before'],
    ]);
    expect((await collect(kv.scan({ gte: 'k/' }))).map(([, v]) => v)).toEqual(['ascii', 'last of the BMP', 'astral']);
    expect((await collect(kv.scan({ gte: 'k/', reverse: true, limit: 1 }))).map(([, v]) => v)).toEqual(['astral']);
    // The usual prefix bound stops short of it.
    expect((await collect(kv.scan(prefixRange('k/')))).map(([, v]) => v)).toEqual(['ascii']);
    await kv.close();
  });

  it('keeps an empty write harmless', async () => {
    const kv = await open();
    await kv.write([]);
    expect(await collect(kv.scan(prefixRange('')))).toEqual([]);
    await kv.close();
  });
});
