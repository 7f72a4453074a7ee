import { describe, expect, it } from 'vitest';
import { verifiedFirst } from '../../ledger/bundle/signatures-first.js';
import { eventSigningBytes } from '../../ledger/log/event-signing.js';
import { fromBase64Url } from '../../ledger/encoding/bytes.js';
import { assembleBundleAt } from '../../ledger/store/bundle-source.js';
import { nodeVerify } from '../../sdk/node-verify.js';
import { verifyBundle } from '../../sdk/verify/index.js';
import { copperChain, copperChainWithEntries, scenarioSettings } from '../sdk/scenario.js';

describe('a bundle pinned at a tree size', () => {
  it('claims the batch as it was at that size, before and after its last change, with or without signatures checked on the pool first', async () => {
    const checksOnPool: number[] = [];
    const pool = (sig: Uint8Array, msg: Uint8Array, pub: Uint8Array) => {
      checksOnPool.push(1);
      return Promise.resolve(nodeVerify(sig, msg, pub));
    };
    for (const settings of [scenarioSettings(), { ...scenarioSettings(), preverify: pool }]) {
      const s = await copperChain(settings);
      const adjusted = s.seq['adjust RODF']!;
      for (let size = s.seq['split RODF']! + 1; size <= s.ledger.size; size++) {
        const bundle = (await assembleBundleAt(s.ledger, 'RODF', size, nodeVerify))!;
        // Before the adjustment the batch weighed what was received; at and after it, 59.5 kg,
        // the state now (which an unchanged batch's bundle claims without a replay).
        expect(bundle.batch.massG).toBe(size <= adjusted ? 60_000 : 59_500);
        const verified = await verifyBundle(JSON.parse(JSON.stringify(bundle)), s.logKey, { verify: nodeVerify });
        expect(verified.batch).toEqual(bundle.batch);
      }
      await s.ledger.close();
    }
    // Only the sizes before the adjustment replay, and those check their signatures on the pool.
    expect(checksOnPool.length).toBeGreaterThan(0);
  });
});

describe('verifiedFirst', () => {
  it('answers true only for the very check the pool confirmed, and asks the fallback for any other', async () => {
    const { s, entries } = await copperChainWithEntries();
    const fallbackCalls: string[] = [];
    const fallback = (sig: Uint8Array, msg: Uint8Array, pub: Uint8Array) => {
      fallbackCalls.push('called');
      return nodeVerify(sig, msg, pub);
    };
    const verify = await verifiedFirst(entries, (sig, msg, pub) => Promise.resolve(nodeVerify(sig, msg, pub)), fallback);
    const entry = entries.find((e) => e.event.type === 'batch.register')!;
    const sig = fromBase64Url(entry.sig);
    const msg = eventSigningBytes(entry.event);
    const actorKey = s.keys.get(entry.event.actor)!.at(-1)!.publicKey;
    const otherKey = s.keys.get('trader')!.at(-1)!.publicKey;

    expect(verify(sig, msg, actorKey)).toBe(true);
    expect(fallbackCalls).toHaveLength(0);
    // Another key, other bytes, another signature: none is excused by the confirmed verdict.
    expect(verify(sig, msg, otherKey)).toBe(false);
    expect(verify(sig, Uint8Array.from(msg, (b, i) => (i === msg.length - 1 ? b ^ 1 : b)), actorKey)).toBe(false);
    const forged = Uint8Array.from(sig, (b, i) => (i === 0 ? b ^ 1 : b));
    expect(verify(forged, msg, actorKey)).toBe(false);
    expect(fallbackCalls).toHaveLength(3);
    await s.ledger.close();
  });

  it('leaves a signature the pool refused, or never saw, to the fallback', async () => {
    const { s, entries } = await copperChainWithEntries();
    let fallbackCalls = 0;
    const verify = await verifiedFirst(entries, () => Promise.resolve(false), (sig, msg, pub) => {
      fallbackCalls++;
      return nodeVerify(sig, msg, pub);
    });
    const entry = entries.find((e) => e.event.type === 'batch.register')!;
    expect(verify(fromBase64Url(entry.sig), eventSigningBytes(entry.event), s.keys.get(entry.event.actor)!.at(-1)!.publicKey)).toBe(true);
    expect(fallbackCalls).toBe(1);
    await s.ledger.close();
  });
});
