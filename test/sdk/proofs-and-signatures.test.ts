import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../schemas/entry.js';
import type { ParticipantState } from '../../schemas/state.js';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { nobleVerify, signBytes } from '../../ledger/crypto/signature.js';
import { fromHex, toHex } from '../../ledger/encoding/bytes.js';
import { entryHash } from '../../ledger/log/entry.js';
import { rootFromLeafHashes } from '../../ledger/merkle/compact.js';
import { signEvent } from '../../ledger/log/event-signing.js';
import { stateKeys } from '../../ledger/custody/keys.js';
import { verifyCheckpoint, verifyConsistencyProof, verifyEntrySigner, verifyEventSignature, verifyInclusionProof } from '../../sdk/verify/index.js';
import { nodeVerify } from '../../sdk/node-verify.js';
import { copperChain, type ScenarioLedger } from './scenario.js';
import { flipHex, refusal } from './support.js';

let s: ScenarioLedger;
beforeAll(async () => {
  s = await copperChain();
});
afterAll(() => s.ledger.close());

const participant = async (id: string) => (await s.ledger.state.get(stateKeys.participant(id))) as ParticipantState;

describe('proofs in the API shapes', () => {
  it('an inclusion proof of an entry in a verified checkpoint', async () => {
    const checkpoint = verifyCheckpoint(s.ledger.checkpoint, s.logKey);
    const seq = s.seq['melt ROD']!;
    const entry = (await s.ledger.entry(seq))!;
    const proof = await s.ledger.inclusionProof(seq, checkpoint.size);
    expect(verifyInclusionProof(proof, checkpoint, entry)).toEqual(proof);
    const next = (await s.ledger.entry(seq + 1))!;
    await refusal('invalid_proof', () => verifyInclusionProof(proof, checkpoint, next));
    await refusal('invalid_proof', () => verifyInclusionProof(proof, checkpoint, { ...entry, recordedAt: '2020-01-01T00:00:00Z' }));
    await refusal('invalid_proof', () => verifyInclusionProof({ ...proof, proof: proof.proof.map((h, i) => (i === 0 ? flipHex(h) : h)) }, checkpoint));
    await refusal('invalid_proof', () => verifyInclusionProof({ ...proof, seq: seq + 1 }, checkpoint));
    await refusal('invalid_proof', () => verifyInclusionProof({ ...proof, size: proof.size - 1 }, checkpoint));
    await refusal('invalid_proof', () => verifyInclusionProof({ seq: 'x' }, checkpoint));
  });

  it('a consistency proof between two verified checkpoints', async () => {
    const newer = verifyCheckpoint(s.ledger.checkpoint, s.logKey);
    const entries = await s.ledger.entries(0, 5);
    const older = { size: 5, rootHash: toHex(rootFromLeafHashes(entries.map((entry) => fromHex(entryHash(entry))))) };
    const proof = await s.ledger.consistencyProof(5, newer.size);
    expect(verifyConsistencyProof(proof, older, newer)).toEqual(proof);
    const same = await s.ledger.consistencyProof(newer.size, newer.size);
    expect(verifyConsistencyProof(same, newer, newer)).toEqual(same);
    await refusal('invalid_proof', () => verifyConsistencyProof(proof, { ...older, rootHash: flipHex(older.rootHash) }, newer));
    await refusal('invalid_proof', () => verifyConsistencyProof(proof, { ...older, size: 6 }, newer));
    await refusal('invalid_proof', () => verifyConsistencyProof({ ...proof, proof: proof.proof.slice(1) }, older, newer));
    await refusal('invalid_proof', () => verifyConsistencyProof({ ...proof, proof: ['AB'] }, older, newer));
  });
});

describe('event signatures', () => {
  it('checks an entry against its actor in the directory: key valid at the position, signature', async () => {
    const recycler = await participant('recycler');
    const [oldKey, newKey] = recycler.keys as [ParticipantState['keys'][0], ParticipantState['keys'][0]];
    const rotation = (await s.ledger.entry(s.seq['rotate recycler']!))!;
    const register = (await s.ledger.entry(s.seq['register S1']!))!;
    // The rotation is signed by the key it revokes: valid at its own position.
    expect(() => verifyEntrySigner(rotation, recycler)).not.toThrow();
    expect(() => verifyEntrySigner(register, recycler, nodeVerify)).not.toThrow();
    expect(() => verifyEventSignature(register, newKey.publicKey)).not.toThrow();
    await refusal('bad_signature', () => verifyEventSignature(register, oldKey.publicKey));

    const lateWithOldKey: Entry = { ...register, ...signEvent(register.event, s.keys.get('recycler')![0]!.secretKey) };
    await refusal('signing_key_revoked', () => verifyEntrySigner(lateWithOldKey, recycler));
    const earlyWithNewKey: Entry = { ...rotation, ...signEvent(rotation.event, s.keyOf('recycler').secretKey) };
    await refusal('unknown_signing_key', () => verifyEntrySigner(earlyWithNewKey, recycler));
    const mill = await participant('mill');
    await refusal('unknown_actor', () => verifyEntrySigner(register, mill));
    const altered: Entry = { ...register, event: { ...register.event, at: '2026-03-02T08:00:00Z' } };
    await refusal('bad_signature', () => verifyEntrySigner(altered, recycler));
  });

  it('nodeVerify and nobleVerify agree', () => {
    const key = generateKeyPair();
    const msg = new TextEncoder().encode('tally/event/v1\n{}');
    const sig = signBytes(msg, key.secretKey);
    const cases: Array<[Uint8Array, Uint8Array, Uint8Array]> = [
      [sig, msg, key.publicKey],
      [sig, msg, generateKeyPair().publicKey],
      [sig, msg.slice(1), key.publicKey],
      [Uint8Array.from(sig, (b, i) => (i === 63 ? b ^ 0x10 : b)), msg, key.publicKey],
      [sig.slice(1), msg, key.publicKey],
    ];
    expect(cases.map(([g, m, k]) => nodeVerify(g, m, k))).toEqual([true, false, false, false, false]);
    expect(cases.map(([g, m, k]) => nobleVerify(g, m, k))).toEqual([true, false, false, false, false]);
  });
});
