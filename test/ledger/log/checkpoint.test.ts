import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkpointBody, openNote, parseCheckpoint, parseVerifierKey, signCheckpoint, verifierKeyString,
} from '../../../ledger/log/checkpoint.js';
import { noteKeyId } from '../../../ledger/log/note-verifier.js';
import { signNote } from '../../../ledger/log/signed-note.js';
import { generateKeyPair } from '../../../ledger/crypto/keys.js';
import { signBytes } from '../../../ledger/crypto/signature.js';
import { concatBytes, toBase64, toHex, utf8Decode, utf8Encode } from '../../../ledger/encoding/bytes.js';
import { sha256 } from '../../../ledger/crypto/hash.js';
import { TallyError } from '../../../ledger/errors.js';
import { nodeVerify } from '../support/node-ed25519.js';
import { expectCode } from '../support/errors.js';

/**
 * External signed notes. The first is the example of the C2SP signed-note spec (as of C2SP
 * commit d4c16da5e7687a016619074e78dad84b2c7238cc, "Example" section); the others are from the
 * package documentation and tests of Go's golang.org/x/mod/sumdb/note.
 */
const C2SP_KEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const C2SP_NOTE =
  'This is an example message.\n\n' +
  '\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

const PETER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_KEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

const ORIGIN = 'example.com/tally';
const ROOT = toHex(sha256(utf8Encode('root')));

function logKey() {
  const { secretKey, publicKey } = generateKeyPair();
  return { secretKey, publicKey, verifierKey: verifierKeyString(ORIGIN, publicKey) };
}

describe('signed notes from other implementations', () => {
  it('verifies the C2SP signed-note example', () => {
    expect(openNote(C2SP_NOTE, C2SP_KEY)).toBe('This is an example message.\n');
    // ...with OpenSSL too, from the key and signature bytes alone.
    const key = parseVerifierKey(C2SP_KEY);
    const sig = Buffer.from(C2SP_NOTE.split(' ').at(-1)!.trim(), 'base64').subarray(4);
    expect(nodeVerify(sig, utf8Encode('This is an example message.\n'), key.publicKey)).toBe(true);
  });

  it('parses and re-encodes the verifier keys byte for byte', () => {
    for (const text of [C2SP_KEY, PETER_KEY, ENOCH_KEY]) {
      const key = parseVerifierKey(text);
      expect(verifierKeyString(key.name, key.publicKey)).toBe(text);
      expect(toHex(noteKeyId(key.name, key.publicKey))).toBe(key.keyId);
    }
    expect(parseVerifierKey(C2SP_KEY).name).toBe('example.com/foo');
  });

  it('gives each key its own id however calls alternate, and no caller can change a later one', () => {
    const fresh = (name: string, pub: Uint8Array) => toHex(sha256(concatBytes(utf8Encode(name), Uint8Array.of(0x0a, 0x01), pub)).slice(0, 4));
    const a = generateKeyPair().publicKey;
    const b = generateKeyPair().publicKey;
    for (const [name, pub] of [[ORIGIN, a], [ORIGIN, a], ['other.example/log', a], [ORIGIN, b], [ORIGIN, a]] as const) {
      expect(toHex(noteKeyId(name, pub))).toBe(fresh(name, pub));
    }
    // The id handed back is the caller's to change...
    const id = noteKeyId(ORIGIN, a);
    id.fill(0);
    expect(toHex(noteKeyId(ORIGIN, a))).toBe(fresh(ORIGIN, a));
    // ...and so is the key it was asked about.
    const changing = a.slice();
    noteKeyId(ORIGIN, b);
    noteKeyId(ORIGIN, changing);
    changing[0] = changing[0]! ^ 0xff;
    expect(toHex(noteKeyId(ORIGIN, changing))).toBe(fresh(ORIGIN, changing));
  });

  it('verifies Go sumdb/note notes, ignoring signers it does not know', () => {
    expect(openNote(`${GO_TEXT}\n${PETER_SIG}`, PETER_KEY)).toBe(GO_TEXT);
    expect(openNote(`${GO_TEXT}\n${PETER_SIG}${ENOCH_SIG}`, PETER_KEY)).toBe(GO_TEXT);
    expect(openNote(`${GO_TEXT}\n${PETER_SIG}${ENOCH_SIG}`, ENOCH_KEY)).toBe(GO_TEXT);
    // Only an unknown signer: rejected.
    expectCode(() => openNote(`${GO_TEXT}\n${ENOCH_SIG}`, PETER_KEY), 'invalid_checkpoint');
  });
});

describe('checkpoints', () => {
  it('writes exactly the C2SP tlog-checkpoint body and one signature line', () => {
    const { secretKey, publicKey, verifierKey } = logKey();
    const text = signCheckpoint({ origin: ORIGIN, size: 42, rootHash: ROOT }, secretKey, publicKey);
    const rootB64 = Buffer.from(ROOT, 'hex').toString('base64');
    const body = `${ORIGIN}\n42\n${rootB64}\n`;
    expect(checkpointBody({ origin: ORIGIN, size: 42, rootHash: ROOT })).toBe(body);
    const keyId = noteKeyId(ORIGIN, publicKey);
    expect(toHex(keyId)).toBe(toHex(sha256(concatBytes(utf8Encode(ORIGIN), Uint8Array.of(0x0a, 0x01), publicKey)).subarray(0, 4)));
    const signature = toBase64(concatBytes(keyId, signBytes(utf8Encode(body), secretKey)));
    expect(text).toBe(`${body}\n\u2014 ${ORIGIN} ${signature}\n`);
    expect(verifierKey).toBe(`${ORIGIN}+${toHex(keyId)}+${toBase64(concatBytes(Uint8Array.of(1), publicKey))}`);
    expect(parseCheckpoint(text, verifierKey)).toEqual({ origin: ORIGIN, size: 42, rootHash: ROOT });
    expect(parseCheckpoint(text, verifierKey, nodeVerify)).toEqual({ origin: ORIGIN, size: 42, rootHash: ROOT });
  });

  it('round-trips sizes 0 and 2^53 - 1', () => {
    const { secretKey, publicKey, verifierKey } = logKey();
    for (const size of [0, Number.MAX_SAFE_INTEGER]) {
      expect(parseCheckpoint(signCheckpoint({ origin: ORIGIN, size, rootHash: ROOT }, secretKey, publicKey), verifierKey).size).toBe(size);
    }
  });

  it('refuses to sign a checkpoint it could not parse back', () => {
    const { secretKey, publicKey } = logKey();
    expectCode(() => signCheckpoint({ origin: 'has space', size: 1, rootHash: ROOT }, secretKey, publicKey), 'invalid_checkpoint');
    expectCode(() => signCheckpoint({ origin: 'a+b', size: 1, rootHash: ROOT }, secretKey, publicKey), 'invalid_checkpoint');
    expectCode(() => signCheckpoint({ origin: '', size: 1, rootHash: ROOT }, secretKey, publicKey), 'invalid_checkpoint');
    expectCode(() => signCheckpoint({ origin: ORIGIN, size: -1, rootHash: ROOT }, secretKey, publicKey), 'invalid_checkpoint');
    expectCode(() => signCheckpoint({ origin: ORIGIN, size: 1, rootHash: ROOT.slice(2) }, secretKey, publicKey), 'invalid_checkpoint');
  });

  describe('rejects', () => {
    const { secretKey, publicKey, verifierKey } = logKey();
    const good = signCheckpoint({ origin: ORIGIN, size: 7, rootHash: ROOT }, secretKey, publicKey);
    const rootB64 = Buffer.from(ROOT, 'hex').toString('base64');
    /** A note over `body` correctly signed by the log key. */
    const signed = (body: string) => signNote(body, ORIGIN, secretKey, publicKey);
    const signatureLine = good.slice(good.lastIndexOf('\n\n') + 2);

    const cases: Array<[string, () => unknown]> = [
      ['a wrong key (same name, other key)', () => parseCheckpoint(good, verifierKeyString(ORIGIN, generateKeyPair().publicKey))],
      ['a wrong name (same key, other name)', () => parseCheckpoint(good, verifierKeyString('other.example/log', publicKey))],
      ['a signature by another key under our name and id', () => {
        const other = generateKeyPair();
        const body = checkpointBody({ origin: ORIGIN, size: 7, rootHash: ROOT });
        const forged = toBase64(concatBytes(noteKeyId(ORIGIN, publicKey), signBytes(utf8Encode(body), other.secretKey)));
        return parseCheckpoint(`${body}\n\u2014 ${ORIGIN} ${forged}\n`, verifierKey);
      }],
      ['only unknown signers', () => {
        const other = generateKeyPair();
        return parseCheckpoint(signNote(checkpointBody({ origin: ORIGIN, size: 7, rootHash: ROOT }), 'someone.else', other.secretKey, other.publicKey), verifierKey);
      }],
      ['bad base64 in the signature', () => parseCheckpoint(good.replace(/=\n$/, '\n'), verifierKey)],
      ['base64url in the signature', () => {
        // A valid signature whose base64 holds a '+' or '/' (the key is random, so search the
        // sizes): rewritten in the URL alphabet it is the same bytes, which must still be refused.
        const withPlusOrSlash = Array.from({ length: 64 }, (_, i) => signCheckpoint({ origin: ORIGIN, size: 7 + i, rootHash: ROOT }, secretKey, publicKey))
          .find((note) => /[+/]/.test(note.slice(note.lastIndexOf(' '))))!;
        return parseCheckpoint(withPlusOrSlash.replace(/ [^ ]+\n$/, (s) => s.replace(/\+/g, '-').replace(/\//g, '_')), verifierKey);
      }],
      ['a signature too short to hold a key id', () => parseCheckpoint(good.replace(/ [^ ]+\n$/, ' AAAA\n'), verifierKey)],
      ['a truncated signature', () => parseCheckpoint(good.replace(/ [^ ]+\n$/, ' ' + toBase64(concatBytes(noteKeyId(ORIGIN, publicKey), new Uint8Array(63))) + '\n'), verifierKey)],
      ['an extra body line', () => parseCheckpoint(signed(`${ORIGIN}\n7\n${rootB64}\nextension\n`), verifierKey)],
      ['a missing body line', () => parseCheckpoint(signed(`${ORIGIN}\n7\n`), verifierKey)],
      ['an origin other than the key name', () => parseCheckpoint(signNote(`other.example/log\n7\n${rootB64}\n`, ORIGIN, secretKey, publicKey), verifierKey)],
      ['size with a leading zero', () => parseCheckpoint(signed(`${ORIGIN}\n07\n${rootB64}\n`), verifierKey)],
      ['size with a sign', () => parseCheckpoint(signed(`${ORIGIN}\n+7\n${rootB64}\n`), verifierKey)],
      ['size in another notation', () => parseCheckpoint(signed(`${ORIGIN}\n7e0\n${rootB64}\n`), verifierKey)],
      ['size with a space', () => parseCheckpoint(signed(`${ORIGIN}\n 7\n${rootB64}\n`), verifierKey)],
      ['size beyond 2^53 - 1', () => parseCheckpoint(signed(`${ORIGIN}\n9007199254740992\n${rootB64}\n`), verifierKey)],
      ['a root of 31 bytes', () => parseCheckpoint(signed(`${ORIGIN}\n7\n${toBase64(new Uint8Array(31))}\n`), verifierKey)],
      ['a root of 33 bytes', () => parseCheckpoint(signed(`${ORIGIN}\n7\n${toBase64(new Uint8Array(33))}\n`), verifierKey)],
      ['a root in unpadded base64', () => parseCheckpoint(signed(`${ORIGIN}\n7\n${rootB64.replace(/=+$/, '')}\n`), verifierKey)],
      ['a root in hex', () => parseCheckpoint(signed(`${ORIGIN}\n7\n${ROOT}\n`), verifierKey)],
      ['a body not ending in newline', () => parseCheckpoint(good.replace('\n\n', '\n'), verifierKey)],
      ['no blank line before the signatures', () => parseCheckpoint(good.replace('\n\n\u2014', '\n\u2014'), verifierKey)],
      ['no signature at all', () => parseCheckpoint(good.slice(0, good.lastIndexOf('\n\n') + 2), verifierKey)],
      ['a signature block not ending in newline', () => parseCheckpoint(good.slice(0, -1), verifierKey)],
      ['an extra line after the signature', () => parseCheckpoint(good + 'trailing\n', verifierKey)],
      ['a hyphen instead of the em dash', () => parseCheckpoint(good.replace('\u2014', '-'), verifierKey)],
      ['an en dash instead of the em dash', () => parseCheckpoint(good.replace('\u2014', '\u2013'), verifierKey)],
      ['two spaces after the name', () => parseCheckpoint(good.replace(`${ORIGIN} `, `${ORIGIN}  `), verifierKey)],
      ['a carriage return', () => parseCheckpoint(good.replace(/\n/g, '\r\n'), verifierKey)],
      ['a control character in the body', () => parseCheckpoint(signed(`${ORIGIN}\n7\n${rootB64}\n`).replace('\n7', '\n\t7'), verifierKey)],
      ['a lone surrogate', () => parseCheckpoint(good + '\ud800', verifierKey)],
      ['a second signature line of our key that does not verify', () => {
        const sig = Buffer.from(signatureLine.split(' ').at(-1)!.trim(), 'base64');
        sig[10]! ^= 1;
        return parseCheckpoint(`${good}\u2014 ${ORIGIN} ${sig.toString('base64')}\n`, verifierKey);
      }],
      ['more than 100 signatures', () => parseCheckpoint(good + `\u2014 x ${toBase64(new Uint8Array(68))}\n`.repeat(100), verifierKey)],
      ['a verifier key with a bad key id', () => parseCheckpoint(good, verifierKey.replace(/\+([0-9a-f]{8})\+/, (_, id: string) => `+${id === '00000000' ? '00000001' : '00000000'}+`))],
    ];

    it.each(cases)('%s', (_, run) => {
      let thrown: unknown;
      try {
        run();
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(TallyError);
      expect(['invalid_checkpoint', 'invalid_public_key']).toContain((thrown as TallyError).code);
    });

    it('accepts its own checkpoint with other signers present', () => {
      expect(parseCheckpoint(good + PETER_SIG, verifierKey).size).toBe(7);
      expect(parseCheckpoint(good + signatureLine, verifierKey).size).toBe(7);
    });

    it('detects one flipped bit anywhere in the text (property)', () => {
      const bytes = utf8Encode(good);
      fc.assert(
        fc.property(fc.nat({ max: bytes.length * 8 - 1 }), (bit) => {
          const flipped = bytes.slice();
          flipped[bit >> 3]! ^= 1 << (bit & 7);
          let text: string;
          try {
            text = utf8Decode(flipped);
          } catch {
            return; // no longer UTF-8: no reader gets as far as the signature
          }
          expectCode(() => parseCheckpoint(text, verifierKey), 'invalid_checkpoint');
        }),
        { numRuns: 400 },
      );
    });
  });
});

describe('verifier keys', () => {
  /** A fresh key whose verifier key string satisfies `wanted` (tries until one does). */
  function keyWhere(wanted: (verifierKey: string) => boolean): string {
    for (;;) {
      const text = verifierKeyString(ORIGIN, generateKeyPair().publicKey);
      if (wanted(text)) return text;
    }
  }
  const idOf = (text: string) => text.slice(ORIGIN.length + 1, ORIGIN.length + 9);

  it('parses a key whose base64 contains "+" (split at the first two "+" only)', () => {
    const text = keyWhere((t) => t.slice(ORIGIN.length + 10).includes('+'));
    expect(verifierKeyString(ORIGIN, parseVerifierKey(text).publicKey)).toBe(text);
  });

  const good = keyWhere((t) => /[a-f]/.test(idOf(t)));
  const id = idOf(good);
  it.each([
    ['no key part', `${ORIGIN}+${id}`],
    ['a trailing part', `${good}+x`],
    ['an uppercase id', good.replace(`+${id}+`, `+${id.toUpperCase()}+`)],
    ['a short id', good.replace(`+${id}+`, `+${id.slice(1)}+`)],
    ['a mismatched id', good.replace(`+${id}+`, `+${id === '00000000' ? '00000001' : '00000000'}+`)],
    ['an empty name', good.slice(ORIGIN.length)],
    ['a name with a space', `a b${good.slice(ORIGIN.length)}`],
    ['another key type', `${ORIGIN}+${id}+${toBase64(concatBytes(Uint8Array.of(2), parseVerifierKey(good).publicKey))}`],
    ['bad base64', `${good}!`],
  ])('refuses %s', (_, text) => expectCode(() => parseVerifierKey(text), 'invalid_public_key'));

  it('refuses a weak key', () => {
    const weak = Uint8Array.from([1, ...new Uint8Array(31)]);
    expectCode(() => parseVerifierKey(verifierKeyString(ORIGIN, weak)), 'weak_public_key');
  });
});
