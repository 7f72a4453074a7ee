import { describe, expect, it } from 'vitest';
import type { SignedEvent } from '../../../schemas/entry.js';
import { EVENT_SIGNING_PREFIX, eventSigningBytes, signEvent, verifyEnvelope } from '../../../ledger/log/event-signing.js';
import { generateKeyPair, keyIdOf } from '../../../ledger/crypto/keys.js';
import { concatBytes, fromBase64Url, toBase64Url, utf8Decode, utf8Encode } from '../../../ledger/encoding/bytes.js';
import { canonicalize } from '../../../ledger/encoding/jcs.js';
import { nodeVerify } from '../support/node-ed25519.js';
import { expectCode } from '../support/errors.js';

const event: SignedEvent = {
  v: 1,
  ledger: 'example.com/tally',
  id: 'evt-1',
  type: 'batch.retire',
  actor: 'acme',
  at: '2026-03-01T09:30:00Z',
  batch: 'b-1',
  reason: 'lost',
};

describe('event signing', () => {
  it('signs "tally/event/v1\\n" || JCS(event)', () => {
    expect(EVENT_SIGNING_PREFIX).toBe('tally/event/v1\n');
    expect(utf8Decode(eventSigningBytes(event))).toBe('tally/event/v1\n' + canonicalize(event));
  });

  it('produces an envelope that noble and OpenSSL both verify', () => {
    const { secretKey, publicKey } = generateKeyPair();
    const envelope = signEvent(event, secretKey);
    expect(envelope.event).toBe(event);
    expect(envelope.keyId).toBe(keyIdOf(publicKey));
    expect(envelope.sig).toMatch(/^[A-Za-z0-9_-]{86}$/);
    verifyEnvelope(envelope, publicKey);
    expect(nodeVerify(fromBase64Url(envelope.sig), concatBytes(utf8Encode('tally/event/v1\n'), utf8Encode(canonicalize(event))), publicKey)).toBe(true);
  });

  it('does not depend on the order of the event fields', () => {
    const { secretKey } = generateKeyPair();
    const reordered = Object.fromEntries(Object.entries(event).reverse()) as SignedEvent;
    expect(signEvent(reordered, secretKey).sig).toBe(signEvent(event, secretKey).sig);
  });

  it('refuses a changed event, another key, a wrong keyId and a malformed signature', () => {
    const { secretKey, publicKey } = generateKeyPair();
    const envelope = signEvent(event, secretKey);
    expectCode(() => verifyEnvelope({ ...envelope, event: { ...event, reason: 'landfilled' } }, publicKey), 'bad_signature');
    const other = generateKeyPair().publicKey;
    expectCode(() => verifyEnvelope(envelope, other), 'bad_signature');
    expectCode(() => verifyEnvelope({ ...envelope, keyId: keyIdOf(other) }, publicKey), 'bad_signature');
    expectCode(() => verifyEnvelope({ ...envelope, sig: envelope.sig + 'A' }, publicKey), 'bad_signature');
    expectCode(() => verifyEnvelope({ ...envelope, sig: envelope.sig.slice(0, -4) }, publicKey), 'bad_signature');
    expectCode(() => verifyEnvelope({ ...envelope, sig: '!!' }, publicKey), 'bad_signature');
    expectCode(() => verifyEnvelope({ ...envelope, sig: toBase64Url(new Uint8Array(64)) }, publicKey), 'bad_signature');
  });

  it('uses the injected verifier', () => {
    const { secretKey, publicKey } = generateKeyPair();
    const envelope = signEvent(event, secretKey);
    expectCode(() => verifyEnvelope(envelope, publicKey, () => false), 'bad_signature');
    expect(() => verifyEnvelope(envelope, publicKey, nodeVerify)).not.toThrow();
  });

  it('refuses to sign an event that is not canonical JSON', () => {
    const { secretKey } = generateKeyPair();
    expectCode(() => signEvent({ ...event, massG: 1.5 }, secretKey), 'non_canonical_value');
  });
});
