import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bytesEqual, concatBytes, fromBase64, fromBase64Url, fromHex, prefixedUtf8, toBase64, toBase64Url, toHex, utf8Decode, utf8Encode,
} from '../../../ledger/encoding/bytes.js';
import { expectCode } from '../support/errors.js';

describe('hex', () => {
  it('round-trips and agrees with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(toHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
        expect(fromHex(toHex(bytes))).toEqual(bytes);
      }),
    );
  });

  it('accepts exactly the canonical spellings, whatever the characters (table lookup by code unit)', () => {
    // Characters whose low 7 bits are digits ('\u0130' & 0x7f is '0') must not pass for them.
    const chars = fc.constantFrom(...'0123456789abcdefABCDEFgz \u0130\u0161\uff10'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }).map((c) => c.join('')), (text) => {
        const canonical = /^(?:[0-9a-f]{2})*$/.test(text);
        if (canonical) expect(fromHex(text)).toEqual(new Uint8Array(Buffer.from(text, 'hex')));
        else expectCode(() => fromHex(text), 'invalid_encoding');
      }),
    );
  });

  it('refuses odd length, non-hex and uppercase (one spelling per hash)', () => {
    for (const bad of ['a', 'zz', '0g', 'AB', ' 00', '00 ']) expectCode(() => fromHex(bad), 'invalid_encoding');
    expect(fromHex('')).toEqual(new Uint8Array(0));
  });
});

describe('base64 and base64url', () => {
  it('agree with Node on every byte string and round-trip', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
        expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
      }),
    );
  });

  it('matches the RFC 4648 section 10 test vectors', () => {
    const vectors: Array<[string, string]> = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
    for (const [text, encoded] of vectors) {
      expect(toBase64(utf8Encode(text))).toBe(encoded);
      expect(utf8Decode(fromBase64(encoded))).toBe(text);
    }
  });

  it('refuses every non-canonical spelling of padded base64', () => {
    // missing padding, too much padding, padding inside, unused bits set, url alphabet,
    // whitespace, a dangling digit
    for (const bad of ['Zg', 'Zg=', 'Zg===', 'Z===', 'Zg==Zg==', 'Zh==', 'Zm9=', '-_8=', 'Zm9v\n', ' Zm9v', 'Zm9vY']) {
      expectCode(() => fromBase64(bad), 'invalid_encoding');
    }
  });

  it('accept exactly what Node decodes to the same spelling, whatever the characters', () => {
    const chars = fc.constantFrom(...'AZaz09-_+/=.\u0141\u0162\u01ad\uff21'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }).map((c) => c.join('')), (text) => {
        const url = Buffer.from(text, 'base64url');
        if (/^[A-Za-z0-9_-]*$/.test(text) && url.toString('base64url') === text) expect(fromBase64Url(text)).toEqual(new Uint8Array(url));
        else expectCode(() => fromBase64Url(text), 'invalid_encoding');
        const std = Buffer.from(text, 'base64');
        if (/^[A-Za-z0-9+/]*=*$/.test(text) && std.toString('base64') === text) expect(fromBase64(text)).toEqual(new Uint8Array(std));
        else expectCode(() => fromBase64(text), 'invalid_encoding');
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every non-canonical spelling of base64url', () => {
    for (const bad of ['Zg==', 'Zg=', 'Zh', 'Zm9', '+/8', 'Zm9vY', 'Zm 9v']) expectCode(() => fromBase64Url(bad), 'invalid_encoding');
    expect(fromBase64Url('-_8')).toEqual(Uint8Array.of(0xfb, 0xff));
  });
});

describe('UTF-8', () => {
  it('refuses to encode a lone surrogate instead of writing U+FFFD', () => {
    expectCode(() => utf8Encode('a\ud800'), 'invalid_encoding');
    expectCode(() => utf8Encode('\udc00b'), 'invalid_encoding');
    expect(utf8Encode('\ud83d\ude00')).toEqual(Uint8Array.of(0xf0, 0x9f, 0x98, 0x80));
  });

  it('refuses ill-formed UTF-8 and keeps a leading BOM', () => {
    for (const bad of [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x80]]) expectCode(() => utf8Decode(Uint8Array.from(bad)), 'invalid_encoding');
    expect(utf8Decode(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41))).toBe('\ufeffA');
  });

  it('prefixes exactly what concatenating the encoding gives, ASCII or not, and refuses lone surrogates', () => {
    const prefix = utf8Encode('tally/event/v1\n');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const bytes = prefixedUtf8(prefix, text);
        expect(bytes).toEqual(concatBytes(prefix, utf8Encode(text)));
        // Its own buffer, exactly as long: a worker is posted these bytes and nothing more.
        expect(bytes.byteOffset).toBe(0);
        expect(bytes.buffer.byteLength).toBe(bytes.length);
      }),
    );
    expect(prefixedUtf8(prefix, 'ascii only').length).toBe(prefix.length + 10);
    expect(prefixedUtf8(prefix, 'Zürich \ud83d\ude00')).toEqual(concatBytes(prefix, utf8Encode('Zürich \ud83d\ude00')));
    expectCode(() => prefixedUtf8(prefix, 'a\ud800'), 'invalid_encoding');
  });
});

describe('byte helpers', () => {
  it('concatenates and compares', () => {
    expect(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3))).toEqual(Uint8Array.of(1, 2, 3));
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(bytesEqual(Uint8Array.of(1), Uint8Array.of(1, 0))).toBe(false);
  });
});
