import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../schemas/entry.js';
import { generateKeyPair, nobleSubgroupCheck, type SubgroupCheck } from '../../ledger/crypto/keys.js';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { TallyError } from '../../ledger/errors.js';
import { keysRegisteredBy } from '../../ledger/custody/registered-keys.js';
import { assembleBundle } from '../../ledger/store/bundle-source.js';
import { nodeHashes, nodeSubgroupCheck, nodeVerify } from '../../sdk/node.js';
import { replayLog } from '../../sdk/replay.js';
import { verifyBundle } from '../../sdk/verify/index.js';
import { copperChain, copperChainWithEntries, scenarioSettings, type ScenarioLedger } from './scenario.js';

/**
 * The subgroup check a caller chooses (nodeSubgroupCheck on Node) must be the one the custody
 * rules ask, wherever keys are registered: appending, replaying the log, verifying a bundle. A
 * check that is passed but never reaches the rules would leave noble's in place silently (only
 * slower); one that reached some paths and not others would be worse if it were ever laxer.
 * Each test passes a recording check, and one that refuses a chosen key, and sees both take effect.
 */

/** Records every key asked about; refuses `refused`, decides the rest as noble does. */
function recordingCheck(refused?: Uint8Array): SubgroupCheck & { asked: string[] } {
  const asked: string[] = [];
  const check = (point: Parameters<SubgroupCheck>[0]) => {
    // A canonical encoding decodes to one point, which encodes back to the same bytes.
    const key = toBase64Url(point.toBytes());
    asked.push(key);
    if (refused !== undefined && key === toBase64Url(refused)) return false;
    return nobleSubgroupCheck(point);
  };
  return Object.assign(check, { asked });
}

/** Every key the log's entries register, in log order (genesis registrar keys included). */
const registeredKeys = (entries: readonly Entry[]): string[] => entries.flatMap(({ event }) => keysRegisteredBy(event));

let s: ScenarioLedger;
let entries: Entry[];
beforeAll(async () => ({ s, entries } = await copperChainWithEntries()));
afterAll(() => s.ledger.close());

const replay = (subgroupCheck: SubgroupCheck) =>
  replayLog({ fetchEntries: async (from, limit) => structuredClone(entries.slice(from, from + limit)), logKey: s.logKey, checkpoint: s.ledger.checkpoint, verify: nodeVerify, hashes: nodeHashes, indexes: false, subgroupCheck });

describe('the subgroup check a caller passes', () => {
  it('is asked about every key a replay meets, and its refusal stops the replay at that entry', async () => {
    const keys = registeredKeys(entries);
    expect(keys.length).toBeGreaterThan(5);
    const all = recordingCheck();
    expect((await replay(all)).ok).toBe(true);
    expect(all.asked).toEqual(keys);

    const rotation = entries.findIndex((e) => e.event.type === 'participant.keys');
    const rotated = Buffer.from((entries[rotation]!.event as unknown as { add: string[] }).add[0]!, 'base64url');
    const result = await replay(recordingCheck(rotated));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.failure).toMatchObject({ seq: rotation, code: 'replay_invalid_entry', cause: 'weak_public_key', path: ['event', 'add', 0] });
  });

  it('gives the same replay as noble\'s when it is OpenSSL\'s', async () => {
    const node = await replay(nodeSubgroupCheck);
    const noble = await replay(nobleSubgroupCheck);
    expect(node.ok && noble.ok).toBe(true);
    if (node.ok && noble.ok) expect([...node.state.entries()]).toEqual([...noble.state.entries()]);
  });

  it('is asked when verifying a bundle, and its refusal fails the bundle', async () => {
    const bundle = (await assembleBundle(s.ledger, 'RODF'))!;
    const bundled = registeredKeys(bundle.entries.map((e) => e.entry as Entry));
    const all = recordingCheck();
    await verifyBundle(structuredClone(bundle), s.logKey, { verify: nodeVerify, subgroupCheck: all });
    expect(all.asked).toEqual(bundled);
    const refused = Buffer.from(bundled.at(-1)!, 'base64url');
    const failure = await verifyBundle(structuredClone(bundle), s.logKey, { verify: nodeVerify, subgroupCheck: recordingCheck(refused) }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(TallyError);
    expect((failure as TallyError).message).toContain('weak_public_key');
  });

  it('is asked by a ledger appending a registration, and its refusal refuses the submission', async () => {
    const refusedKey = generateKeyPair().publicKey;
    const check = recordingCheck(refusedKey);
    const settings = { ...scenarioSettings(), subgroupCheck: check };
    const l = await copperChain(settings);
    try {
      expect(check.asked).toEqual(registeredKeys(await l.ledger.entries(0, l.ledger.size)));
      const register = l.participant('newco', ['recycler'], [['site', 'GB']]);
      await expect(register).resolves.toBeGreaterThan(0);
      const refused = l.submit('register refused', 'registrar', 'participant.register', {
        participant: { id: 'refused', name: 'Refused Ltd', roles: ['recycler'], country: 'GB', sites: [], keys: [toBase64Url(refusedKey)] },
      });
      await expect(refused).rejects.toMatchObject({ code: 'weak_public_key' });
    } finally {
      await l.ledger.close();
    }
  });
});
