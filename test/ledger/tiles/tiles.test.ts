import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { leafHash } from '../../../ledger/crypto/hash.js';
import { toHex, utf8Encode } from '../../../ledger/encoding/bytes.js';
import { CompactRange } from '../../../ledger/merkle/compact.js';
import {
  decodeEntryBundle,
  encodeEntryBundle,
  encodeTileIndex,
  parseTilePath,
  tilePath,
  tilesBetween,
  tileSubtrees,
  TileBuilder,
  splitHashTile,
} from '../../../ledger/tiles/index.js';

describe('C2SP tlog-tiles paths', () => {
  it('encodes indexes in x-prefixed 3-digit groups, as the spec example', () => {
    expect(encodeTileIndex(1234067)).toBe('x001/x234/067');
    expect(encodeTileIndex(0)).toBe('000');
    expect(encodeTileIndex(999)).toBe('999');
    expect(encodeTileIndex(1000)).toBe('x001/000');
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 'entries', index: 5, width: 17 })).toBe('tile/entries/005.p/17');
  });

  it('reads back exactly the canonical spelling of every tile', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 63 }), fc.constant('entries' as const)), fc.nat({ max: 2 ** 40 }), fc.integer({ min: 1, max: 256 }), (level, index, width) => {
        expect(parseTilePath(tilePath({ level, index, width }))).toEqual({ level, index, width });
      }),
    );
    for (const bad of ['tile/0/x000/001', 'tile/0/1', 'tile/0/0001', 'tile/00/000', 'tile/64/000', 'tile/0/000.p/0', 'tile/0/000.p/256', 'tile/0/000.p/017', 'tile/0/x001', 'tile/entries/x1/000', 'tile/0/001/002']) {
      expect(parseTilePath(bad), bad).toBeUndefined();
    }
  });

  it('lists the tiles of a tree of 70,000 as the spec does', () => {
    const tiles = tilesBetween(0, 70_000);
    const level = (l: number) => tiles.filter((t) => t.level === l);
    expect(level(0).filter((t) => t.width === 256)).toHaveLength(273);
    expect(level(0).at(-1)).toEqual({ level: 0, index: 273, width: 112 });
    expect(level(1)).toEqual([{ level: 1, index: 0, width: 256 }, { level: 1, index: 1, width: 17 }]);
    expect(level(2)).toEqual([{ level: 2, index: 0, width: 1 }]);
    expect(tilesBetween(0, 256).filter((t) => t.level !== 'entries')).toEqual([{ level: 0, index: 0, width: 256 }, { level: 1, index: 0, width: 1 }]);
    // Extending 70,000 -> 70,001 touches only the right edge.
    expect(tilesBetween(70_000, 70_001).filter((t) => t.level !== 'entries')).toEqual([{ level: 0, index: 273, width: 113 }]);
  });

  it('builds tiles whose hashes are the stored subtree hashes of level 8L', () => {
    const builder = new TileBuilder();
    const range = new CompactRange();
    const subtrees = new Map<string, string>();
    const tiles = new Map<string, Uint8Array>();
    for (let i = 0; i < 256 * 3 + 10; i++) {
      const hash = leafHash(utf8Encode(`leaf ${i}`));
      for (const node of range.append(hash)) subtrees.set(`${node.level}/${node.index}`, toHex(node.hash));
      for (const tile of builder.append(hash)) tiles.set(tilePath(tile.tile), tile.bytes);
    }
    for (const tile of builder.partialTiles()) tiles.set(tilePath(tile.tile), tile.bytes);
    expect([...tiles.keys()].sort()).toEqual(tilesBetween(0, builder.size).filter((t) => t.level !== 'entries').map(tilePath).sort());
    for (const [path, bytes] of tiles) {
      const tile = parseTilePath(path)!;
      expect(splitHashTile(bytes, tile.width).map(toHex), path).toEqual(tileSubtrees(tile).map(({ level, index }) => subtrees.get(`${level}/${index}`)));
    }
    expect(toHex(builder.root())).toBe(toHex(range.root()));
  });

  it('length-prefixes entries big-endian and refuses one over 65,535 bytes', () => {
    const entries = [utf8Encode('a'), new Uint8Array(300).fill(7), new Uint8Array(0)];
    const bundle = encodeEntryBundle(entries);
    expect([...bundle.subarray(0, 3)]).toEqual([0, 1, 0x61]);
    expect([...bundle.subarray(3, 5)]).toEqual([0x01, 0x2c]);
    expect(decodeEntryBundle(bundle)).toEqual(entries);
    expect(() => encodeEntryBundle([new Uint8Array(65_536)])).toThrow(expect.objectContaining({ code: 'entry_too_large' }));
    expect(encodeEntryBundle([new Uint8Array(65_535)]).length).toBe(65_537);
    expect(() => decodeEntryBundle(bundle.subarray(0, 10))).toThrow(expect.objectContaining({ code: 'invalid_tile' }));
  });
});
