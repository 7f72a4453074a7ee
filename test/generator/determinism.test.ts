import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../schemas/entry.js';
import { canonicalize } from '../../ledger/encoding/jcs.js';
import { toBase64Url, toHex, utf8Encode } from '../../ledger/encoding/bytes.js';
import { sha256 } from '../../ledger/crypto/hash.js';
import { keyIdOf, publicKeyOf } from '../../ledger/crypto/keys.js';
import { generateYear, nobleEventSigner, Prng, registrarKey } from '../../examples/generator/index.js';
import { nodeEventSigner } from '../../examples/generator/node-sign.js';

/**
 * The generator is a function of its seed: the same seed gives the same envelopes byte for byte
 * (compared as a hash over the JCS of the whole stream), another seed gives others, and the signer
 * (noble or node:crypto) changes nothing, Ed25519 being deterministic.
 */

const ORIGIN = 'test.tally.example/generator';

/** SHA-256 over the JCS of every envelope, one per line, and how many there were. */
function streamDigest(events: Iterable<Envelope>, limit = Infinity): { digest: string; count: number } {
  const lines: string[] = [];
  let count = 0;
  for (const envelope of events) {
    lines.push(canonicalize(envelope));
    if (++count >= limit) break;
  }
  return { digest: toHex(sha256(utf8Encode(lines.join('\n')))), count };
}

describe('a generated year', () => {
  const options = { origin: ORIGIN, targetEvents: 2500, participants: 50, sign: nodeEventSigner() };

  it('is identical for the same seed, pass after pass, and exactly targetEvents long', () => {
    const first = generateYear({ seed: 'determinism', ...options });
    const second = generateYear({ seed: 'determinism', ...options });
    const a = streamDigest(first.events);
    expect(a.count).toBe(2500);
    expect(streamDigest(second.events)).toEqual(a);
    // The same object iterated again regenerates the same stream.
    expect(streamDigest(first.events)).toEqual(a);
    expect(second.participants.map((p) => p.id)).toEqual(first.participants.map((p) => p.id));
  });

  it('differs for another seed', () => {
    const a = streamDigest(generateYear({ seed: 'determinism', ...options }).events);
    const b = streamDigest(generateYear({ seed: 'determinism-2', ...options }).events);
    expect(b.digest).not.toBe(a.digest);
  });

  it('signs the same bytes with @noble/ed25519 as with node:crypto', () => {
    const seed = 'signers';
    const noble = streamDigest(generateYear({ seed, ...options, sign: nobleEventSigner }).events, 60);
    const node = streamDigest(generateYear({ seed, ...options, sign: nodeEventSigner() }).events, 60);
    expect(node).toEqual(noble);
  });

  it('derives every key from the seed: SHA-256(seed|id)', () => {
    const year = generateYear({ seed: 'keys', ...options });
    expect(toHex(year.registrar.secretKey)).toBe(toHex(sha256(utf8Encode('keys|registrar'))));
    expect(year.registrar).toEqual(registrarKey('keys'));
    const yard = year.participants.find((p) => p.kind === 'scrap-yard')!;
    expect(toHex(yard.key.secretKey)).toBe(toHex(sha256(utf8Encode(`keys|${yard.id}`))));
    expect(yard.key.keyId).toBe(keyIdOf(publicKeyOf(yard.key.secretKey)));
    const registration = [...generateYear({ seed: 'keys', ...options }).run()].find((e) => (e.event as { participant?: { id?: string } }).participant?.id === yard.id)!;
    expect((registration.event as unknown as { participant: { keys: string[] } }).participant.keys).toEqual([toBase64Url(yard.key.publicKey)]);
  });

  it('keeps every `at` inside the simulated year, in order', () => {
    let last = '';
    for (const { event } of generateYear({ seed: 'calendar', ...options }).events) {
      expect(event.at >= last).toBe(true);
      last = event.at;
    }
    expect(last.startsWith('2025-')).toBe(true);
  });

  it('refuses a budget too small for the set-up', () => {
    expect(() => generateYear({ seed: 'x', ...options, targetEvents: 10 })).toThrow(RangeError);
  });
});

describe('the seeded PRNG', () => {
  it('repeats for a seed and stays in range', () => {
    const a = new Prng('p');
    const b = new Prng('p');
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Prng('q').next()).not.toBe(xs[0]);
    const ints = Array.from({ length: 2000 }, () => a.int(3, 7));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5, 6, 7]));
  });
});
