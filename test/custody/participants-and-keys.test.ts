import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { generateKeyPair, keyIdOf } from '../../ledger/crypto/keys.js';
import { nobleVerify } from '../../ledger/crypto/signature.js';
import { replayEntries } from '../../ledger/custody/replay.js';
import { stateKeys } from '../../ledger/custody/keys.js';
import { ORIGIN, TestLedger, t } from './harness.js';

describe('genesis', () => {
  it('fixes the origin, home country and log key, and registers the registrar', () => {
    const ledger = new TestLedger({ homeCountry: 'IE' });
    expect(JSON.parse(ledger.state.get(stateKeys.ledgerMeta)!)).toEqual({ origin: ORIGIN, homeCountry: 'IE', logKey: ledger.entries[0]!.event.logKey });
    expect(ledger.participantState('registrar')).toMatchObject({ id: 'registrar', roles: ['registrar'], sites: [], registeredSeq: 0 });
    expect(ledger.participantState('registrar').keys).toEqual([
      { keyId: keyIdOf(ledger.keyOf('registrar').publicKey), publicKey: toBase64Url(ledger.keyOf('registrar').publicKey), addedSeq: 0 },
    ]);
  });

  it('must be signed by the log key it names', () => {
    const ledger = new TestLedger();
    const fresh = new TestLedger();
    // Entry 0 of one ledger re-signed by another key: the keyId no longer names the log key.
    const genesis = { ...ledger.entries[0]!, keyId: fresh.entries[0]!.keyId };
    expect(() => replayEntries([genesis], nobleVerify)).toThrowError(expect.objectContaining({ code: 'unknown_signing_key' }));
  });
});

describe('participants', () => {
  it('lets the registrar update name, roles and sites, adding a site abroad', () => {
    const ledger = new TestLedger();
    ledger.participant('recycler', ['recycler'], 'GB', [['yard', 'GB']]);
    ledger.submit('registrar', 'participant.update', {
      participant: { id: 'recycler', name: 'Recycler Group', roles: ['recycler', 'trader'], country: 'GB', sites: [{ id: 'yard', name: 'Main yard', country: 'GB' }, { id: 'rotterdam', name: 'Port', country: 'NL' }] },
    });
    expect(ledger.participantState('recycler')).toMatchObject({ name: 'Recycler Group', roles: ['recycler', 'trader'], sites: [{ id: 'yard' }, { id: 'rotterdam', country: 'NL' }] });
    expect(ledger.participantState('recycler').keys).toHaveLength(1); // keys are untouched by an update
  });
});

describe('key rotation and revocation', () => {
  it('judges each signature by the keys valid at its log position, on append and on replay', () => {
    const ledger = new TestLedger();
    ledger.participant('recycler', ['recycler'], 'GB', [['yard', 'GB']]);
    ledger.participant('mill', ['processor'], 'GB', [['works', 'GB']]);
    const oldKey = ledger.keyOf('recycler');
    const signedWithOld = ledger.register('recycler', { id: 'scrap-1', material: 'copper', form: 'scrap', massG: t(3), site: 'yard' }, { kind: 'post-consumer', country: 'GB' });

    const newKey = generateKeyPair();
    // The old key signs the rotation that adds the new key and revokes itself.
    const rotation = ledger.submit('recycler', 'participant.keys', { participant: 'recycler', add: [toBase64Url(newKey.publicKey)], revoke: [keyIdOf(oldKey.publicKey)] }, { key: oldKey });
    ledger.keys.get('recycler')!.push(newKey);
    expect(ledger.participantState('recycler').keys).toEqual([
      { keyId: keyIdOf(oldKey.publicKey), publicKey: toBase64Url(oldKey.publicKey), addedSeq: 1, revokedSeq: rotation.seq },
      { keyId: keyIdOf(newKey.publicKey), publicKey: toBase64Url(newKey.publicKey), addedSeq: rotation.seq },
    ]);

    ledger.expectRefused('signing_key_revoked', () => ledger.transfer('recycler', 'scrap-1', 'mill', 'works', undefined, { key: oldKey }));
    ledger.transfer('recycler', 'scrap-1', 'mill', 'works'); // the new key

    // Replay from genesis: the entry signed with the old key before its revocation is still valid.
    expect(signedWithOld.seq).toBeLessThan(rotation.seq);
    const replayed = replayEntries(ledger.entries, nobleVerify);
    expect([...replayed.entries()].sort()).toEqual([...ledger.state.entries()].sort());
  });

  it('lets the registrar rotate a participant\'s key when it is lost', () => {
    const ledger = new TestLedger();
    ledger.participant('mill', ['processor'], 'GB', [['works', 'GB']]);
    const lost = ledger.keyOf('mill');
    const replacement = generateKeyPair();
    ledger.submit('registrar', 'participant.keys', { participant: 'mill', add: [toBase64Url(replacement.publicKey)], revoke: [keyIdOf(lost.publicKey)] });
    ledger.keys.get('mill')!.push(replacement);
    const another = generateKeyPair();
    ledger.expectRefused('signing_key_revoked', () => ledger.submit('mill', 'participant.keys', { participant: 'mill', add: [toBase64Url(another.publicKey)], revoke: [] }, { key: lost }));
    ledger.submit('mill', 'participant.keys', { participant: 'mill', add: [toBase64Url(another.publicKey)], revoke: [] }, { key: replacement });
    expect(ledger.participantState('mill').keys.filter((k) => k.revokedSeq === undefined)).toHaveLength(2);
  });
});
