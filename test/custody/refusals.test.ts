import { describe, expect, it } from 'vitest';
import type { Entry } from '../../schemas/entry.js';
import { custodyErrors } from '../../schemas/errors/custody.js';
import { errorCatalog } from '../../schemas/errors/index.js';
import { TallyError } from '../../ledger/errors.js';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { generateKeyPair, keyIdOf } from '../../ledger/crypto/keys.js';
import { nobleVerify } from '../../ledger/crypto/signature.js';
import { verifierKeyString } from '../../ledger/log/checkpoint.js';
import { GENESIS_PREV, makeEntry } from '../../ledger/log/entry.js';
import { signEvent } from '../../ledger/log/event-signing.js';
import { applyEntry } from '../../ledger/custody/apply.js';
import { MemoryStateTx } from '../../ledger/custody/state-tx.js';
import { ORIGIN, TestLedger, t } from './harness.js';

type CustodyCode = keyof typeof custodyErrors;

/**
 * A small world every refusal starts from: a UK recycler with two copper batches, a UK mill, a
 * Turkish mill, a fabricator and an auditor.
 */
function world(): TestLedger {
  const ledger = new TestLedger();
  ledger.participant('recycler', ['recycler'], 'GB', [['yard', 'GB']]);
  ledger.participant('mill', ['processor'], 'GB', [['works', 'GB']]);
  ledger.participant('foreign-mill', ['processor'], 'TR', [['izmir', 'TR']]);
  ledger.participant('fabricator', ['fabricator'], 'GB', [['shop', 'GB']]);
  ledger.participant('auditor', ['auditor'], 'GB');
  ledger.register('recycler', { id: 'scrap-a', material: 'copper', form: 'scrap', massG: t(10), site: 'yard' }, { kind: 'post-consumer', country: 'GB' });
  ledger.register('recycler', { id: 'scrap-b', material: 'copper', form: 'scrap', massG: t(5), site: 'yard' }, { kind: 'pre-consumer', country: 'GB' });
  return ledger;
}

const copperOutput = (id: string, massG: number, extra: Record<string, unknown> = {}) => ({ id, material: 'copper', form: 'ingot', massG, ...extra });

/** A genesis entry at `seq` 0 built by hand, for the refusals only genesis can hit. */
function genesisEntry(options: { name?: string; registrarKey?: Uint8Array; logKey?: ReturnType<typeof generateKeyPair> } = {}): Entry {
  const logKey = options.logKey ?? generateKeyPair();
  const event = {
    v: 1 as const,
    ledger: ORIGIN,
    id: 'genesis',
    type: 'ledger.genesis',
    actor: 'log',
    at: '2026-03-02T08:00:00Z',
    homeCountry: 'GB',
    logKey: verifierKeyString(options.name ?? ORIGIN, logKey.publicKey),
    registrar: { id: 'registrar', name: 'R', country: 'GB', keys: [toBase64Url(options.registrarKey ?? generateKeyPair().publicKey)] },
  };
  return makeEntry({ seq: 0, prev: GENESIS_PREV, recordedAt: '2026-03-02T08:00:00Z', envelope: signEvent(event, logKey.secretKey) });
}

function refusalOfFreshApply(entry: Entry): TallyError {
  const state = new Map<string, string>();
  const tx = new MemoryStateTx(state);
  try {
    applyEntry(entry, tx, nobleVerify);
  } catch (err) {
    expect(state.size).toBe(0);
    return err as TallyError;
  }
  throw new Error('expected a refusal');
}

/** One case per custody error code; the Record type makes a missing code a compile error. */
const cases: Record<CustodyCode, () => void> = {
  invalid_event: () => {
    const l = world();
    const register = { v: 1, ledger: ORIGIN, id: 'r-1', type: 'batch.register', actor: 'recycler', at: l.now(), origin: { kind: 'primary', country: 'GB' } };
    const float = { ...register, batch: { id: 'x', material: 'copper', form: 'scrap', massG: 1.5, site: 'yard' } };
    expect(l.expectRefused('invalid_event', () => l.appendUnsignable(float)).path).toEqual(['event', 'batch', 'massG']);
    const extra = { ...register, batch: { id: 'x', material: 'copper', form: 'scrap', massG: 1, site: 'yard', colour: 'red' } };
    expect(l.expectRefused('invalid_event', () => l.submit('recycler', 'batch.register', extra)).path).toEqual(['event', 'batch', 'colour']);
  },
  unknown_actor: () => {
    const l = world();
    l.expectRefused('unknown_actor', () => l.submit('ghost', 'batch.attest', { batch: 'scrap-a', kind: 'assay', sha256: 'c'.repeat(64) }, { key: generateKeyPair() }));
  },
  unknown_signing_key: () => {
    const l = world();
    l.expectRefused('unknown_signing_key', () => l.transfer('recycler', 'scrap-a', 'mill', 'works', undefined, { key: generateKeyPair() }));
  },
  signing_key_revoked: () => {
    const l = world();
    const first = l.keyOf('recycler');
    l.addKey('recycler');
    l.submit('recycler', 'participant.keys', { participant: 'recycler', add: [], revoke: [keyIdOf(first.publicKey)] });
    l.expectRefused('signing_key_revoked', () => l.transfer('recycler', 'scrap-a', 'mill', 'works', undefined, { key: first }));
  },
  role_not_permitted: () => {
    const l = world();
    l.expectRefused('role_not_permitted', () => l.register('fabricator', { id: 'x', material: 'copper', form: 'scrap', massG: 1, site: 'shop' }, { kind: 'post-consumer', country: 'GB' }));
    l.expectRefused('role_not_permitted', () => l.submit('mill', 'participant.register', { participant: { id: 'new', name: 'New', roles: ['trader'], country: 'GB', sites: [], keys: [toBase64Url(generateKeyPair().publicKey)] } }));
  },
  not_custodian: () => {
    const l = world();
    l.expectRefused('not_custodian', () => l.transfer('mill', 'scrap-a', 'mill', 'works'));
  },
  not_recipient: () => {
    const l = world();
    l.transfer('recycler', 'scrap-a', 'mill', 'works');
    l.expectRefused('not_recipient', () => l.receive('fabricator', 'scrap-a', t(10)));
  },
  not_party_to_transfer: () => {
    const l = world();
    l.transfer('recycler', 'scrap-a', 'mill', 'works');
    l.expectRefused('not_party_to_transfer', () => l.submit('fabricator', 'batch.reject', { batch: 'scrap-a', reason: 'not mine' }));
  },
  not_custodian_or_auditor: () => {
    const l = world();
    l.expectRefused('not_custodian_or_auditor', () => l.submit('fabricator', 'batch.attest', { batch: 'scrap-a', kind: 'assay', sha256: 'c'.repeat(64) }));
  },
  not_key_owner_or_registrar: () => {
    const l = world();
    l.expectRefused('not_key_owner_or_registrar', () => l.submit('mill', 'participant.keys', { participant: 'recycler', add: [toBase64Url(generateKeyPair().publicKey)], revoke: [] }));
  },
  unknown_batch: () => {
    const l = world();
    l.expectRefused('unknown_batch', () => l.transfer('recycler', 'no-such-batch', 'mill', 'works'));
  },
  unknown_participant: () => {
    const l = world();
    l.expectRefused('unknown_participant', () => l.transfer('recycler', 'scrap-a', 'nobody', 'works'));
  },
  unknown_site: () => {
    const l = world();
    l.expectRefused('unknown_site', () => l.transfer('recycler', 'scrap-a', 'mill', 'yard'));
  },
  unknown_key: () => {
    const l = world();
    l.expectRefused('unknown_key', () => l.submit('recycler', 'participant.keys', { participant: 'recycler', add: [], revoke: ['0123456789abcdef'] }));
  },
  genesis_out_of_place: () => {
    const l = world();
    const again = genesisEntry({ logKey: l.logKey }).event;
    l.expectRefused('genesis_out_of_place', () => l.appendSigned(again, l.logKey, {}));
    // And the other way round: entry 0 that is not genesis.
    const stray = makeEntry({ seq: 0, prev: GENESIS_PREV, recordedAt: '2026-03-02T08:00:00Z', envelope: signEvent({ ...l.entries[6]!.event }, l.keyOf('recycler').secretKey) });
    expect(refusalOfFreshApply(stray).code).toBe('genesis_out_of_place');
  },
  participant_exists: () => {
    const l = world();
    l.expectRefused('participant_exists', () => l.participant('mill', ['trader'], 'GB'));
  },
  batch_exists: () => {
    const l = world();
    l.expectRefused('batch_exists', () => l.register('recycler', { id: 'scrap-a', material: 'copper', form: 'scrap', massG: 1, site: 'yard' }, { kind: 'primary', country: 'GB' }));
    l.expectRefused('batch_exists', () => l.transfer('recycler', 'scrap-a', 'mill', 'works', { id: 'scrap-b', massG: 1 }));
  },
  key_exists: () => {
    const l = world();
    l.expectRefused('key_exists', () => l.submit('recycler', 'participant.keys', { participant: 'recycler', add: [toBase64Url(l.keyOf('recycler').publicKey)], revoke: [] }));
  },
  key_already_revoked: () => {
    const l = world();
    const first = l.keyOf('recycler');
    l.addKey('recycler');
    const revoke = { participant: 'recycler', add: [], revoke: [keyIdOf(first.publicKey)] };
    l.submit('recycler', 'participant.keys', revoke);
    l.expectRefused('key_already_revoked', () => l.submit('recycler', 'participant.keys', revoke));
  },
  batch_not_active: () => {
    const l = world();
    l.transfer('recycler', 'scrap-a', 'mill', 'works');
    l.expectRefused('batch_not_active', () => l.transfer('recycler', 'scrap-a', 'fabricator', 'shop'));
  },
  batch_not_in_transit: () => {
    const l = world();
    l.expectRefused('batch_not_in_transit', () => l.receive('mill', 'scrap-a', t(10)));
  },
  batch_exported: () => {
    const l = world();
    l.submit('recycler', 'batch.export', { batch: 'scrap-a', destination: { country: 'TR', consignee: 'Izmir' } });
    l.expectRefused('batch_exported', () => l.submit('auditor', 'batch.attest', { batch: 'scrap-a', kind: 'inspection', sha256: 'c'.repeat(64) }));
  },
  site_removed: () => {
    const l = world();
    l.expectRefused('site_removed', () => l.submit('registrar', 'participant.update', { participant: { id: 'recycler', name: 'R', roles: ['recycler'], country: 'GB', sites: [] } }));
  },
  site_moved: () => {
    const l = world();
    l.expectRefused('site_moved', () => l.submit('registrar', 'participant.update', { participant: { id: 'recycler', name: 'R', roles: ['recycler'], country: 'GB', sites: [{ id: 'yard', name: 'Yard', country: 'FR' }] } }));
  },
  wrong_ledger: () => {
    const l = world();
    l.expectRefused('wrong_ledger', () => l.transfer('recycler', 'scrap-a', 'mill', 'works', undefined, { ledger: 'other.example/log' }));
  },
  event_in_future: () => {
    const l = world();
    const recordedAt = '2026-03-02T12:00:00Z';
    l.expectRefused('event_in_future', () => l.transfer('recycler', 'scrap-a', 'mill', 'works', undefined, { recordedAt, at: '2026-03-02T12:05:01Z' }));
    l.transfer('recycler', 'scrap-a', 'mill', 'works', undefined, { recordedAt, at: '2026-03-02T12:05:00Z' }); // exactly 5 minutes is fine
  },
  invalid_log_key: () => {
    expect(refusalOfFreshApply(genesisEntry({ name: 'someone-else/log' })).code).toBe('invalid_log_key');
  },
  registrar_key_is_log_key: () => {
    const logKey = generateKeyPair();
    expect(refusalOfFreshApply(genesisEntry({ logKey, registrarKey: logKey.publicKey })).code).toBe('registrar_key_is_log_key');
  },
  registrar_role_required: () => {
    const l = world();
    l.expectRefused('registrar_role_required', () => l.submit('registrar', 'participant.update', { participant: { id: 'registrar', name: 'R', roles: ['auditor'], country: 'GB', sites: [] } }));
  },
  last_key: () => {
    const l = world();
    l.expectRefused('last_key', () => l.submit('recycler', 'participant.keys', { participant: 'recycler', add: [], revoke: [keyIdOf(l.keyOf('recycler').publicKey)] }));
  },
  supplier_identity_unverified: () => {
    const l = world();
    const batch = { id: 'door-1', material: 'copper', form: 'scrap', massG: t(0.04), site: 'yard' };
    const supplier = { kind: 'individual', ref: 'd'.repeat(64) };
    l.expectRefused('supplier_identity_unverified', () => l.register('recycler', batch, { kind: 'post-consumer', country: 'GB' }, { supplier }));
    l.register('recycler', batch, { kind: 'post-consumer', country: 'GB' }, { supplier, evidence: [{ kind: 'identity-check', sha256: 'e'.repeat(64) }] });
  },
  same_site_transfer: () => {
    const l = world();
    l.expectRefused('same_site_transfer', () => l.transfer('recycler', 'scrap-a', 'recycler', 'yard'));
  },
  insufficient_mass: () => {
    const l = world();
    l.expectRefused('insufficient_mass', () => l.submit('recycler', 'batch.retire', { batch: 'scrap-a', massG: t(10) + 1, reason: 'lost' }));
    l.expectRefused('insufficient_mass', () => l.transform('recycler', 'yard', 'melt', [['scrap-a', t(11)]], [copperOutput('ingot', t(1))]));
    l.expectRefused('insufficient_mass', () => l.transfer('recycler', 'scrap-a', 'mill', 'works', { id: 'part', massG: t(11) }));
  },
  split_whole_batch: () => {
    const l = world();
    l.expectRefused('split_whole_batch', () => l.transfer('recycler', 'scrap-a', 'mill', 'works', { id: 'part', massG: t(10) }));
  },
  receive_exceeds_sent: () => {
    const l = world();
    l.transfer('recycler', 'scrap-a', 'mill', 'works');
    l.expectRefused('receive_exceeds_sent', () => l.receive('mill', 'scrap-a', t(10) + 1));
  },
  input_not_at_site: () => {
    // Issue 9 item 7: GB scrap at the Sheffield yard "melted" at the actor's Izmir site.
    const l = world();
    l.submit('registrar', 'participant.update', { participant: { id: 'recycler', name: 'recycler Ltd', roles: ['recycler'], country: 'GB', sites: [{ id: 'yard', name: 'recycler yard', country: 'GB' }, { id: 'izmir', name: 'recycler izmir', country: 'TR' }] } });
    const refusal = l.expectRefused('input_not_at_site', () => l.transform('recycler', 'izmir', 'melt', [['scrap-a', t(10)]], [copperOutput('ingot', t(9))]));
    expect(refusal.path).toEqual(['event', 'inputs', 0, 'batch']);
  },
  duplicate_constituent: () => {
    const l = world();
    const refusal = l.expectRefused('duplicate_constituent', () => l.register('recycler', { id: 'brass-scrap', material: 'brass', form: 'scrap', massG: 10, site: 'yard', constituents: [{ material: 'copper', massG: 6 }, { material: 'zinc', massG: 2 }, { material: 'copper', massG: 2 }] }, { kind: 'post-consumer', country: 'GB' }));
    expect(refusal.path).toEqual(['event', 'batch', 'constituents', 2, 'material']);
  },
  constituents_not_summing: () => {
    const l = world();
    const refusal = l.expectRefused('constituents_not_summing', () => l.transform('recycler', 'yard', 'melt', [['scrap-a', t(10)]], [copperOutput('ingot', t(9), { constituents: [{ material: 'copper', massG: t(8) }] })]));
    expect(refusal.path).toEqual(['event', 'outputs', 0, 'constituents']);
  },
  constituent_exceeds_pool: () => {
    const l = world();
    const refusal = l.expectRefused('constituent_exceeds_pool', () => l.transform('recycler', 'yard', 'melt', [['scrap-a', t(10)]], [
      { id: 'brass', material: 'brass', form: 'ingot', massG: t(9), constituents: [{ material: 'copper', massG: t(6) }, { material: 'zinc', massG: t(3) }] },
    ]));
    expect(refusal.path).toEqual(['event', 'outputs', 0, 'constituents', 1]);
  },
  unknown_material: () => {
    // Issue 9 item 5: a material nobody allowed would mint new counter keys.
    const l = world();
    const refusal = l.expectRefused('unknown_material', () => l.register('recycler', { id: 'x', material: 'unobtainium', form: 'scrap', massG: 1, site: 'yard' }, { kind: 'post-consumer', country: 'GB' }));
    expect(refusal.path).toEqual(['event', 'batch', 'material']);
  },
  material_exists: () => {
    const l = world();
    l.expectRefused('material_exists', () => l.submit('registrar', 'ledger.materials', { add: ['copper'] }));
  },
  event_too_old: () => {
    const l = world();
    const recordedAt = l.now();
    const at = new Date(Date.parse(recordedAt) - 31 * 86_400_000 - 1000).toISOString().replace('.000Z', 'Z');
    l.expectRefused('event_too_old', () => l.register('recycler', { id: 'late', material: 'copper', form: 'scrap', massG: 1, site: 'yard' }, { kind: 'post-consumer', country: 'GB' }, {}, { at }));
  },
  outputs_exceed_inputs: () => {
    const l = world();
    l.expectRefused('outputs_exceed_inputs', () => l.transform('recycler', 'yard', 'melt', [['scrap-a', t(10)]], [copperOutput('ingot', t(10) + 1)]));
  },
  allocation_partial: () => {
    const l = world();
    l.expectRefused('allocation_partial', () => l.transform('recycler', 'yard', 'melt', [['scrap-a', t(10)]], [
      copperOutput('a', t(1), { allocation: [{ kind: 'post-consumer', country: 'GB', massG: t(1) }] }),
      copperOutput('b', t(1)),
    ]));
  },
  allocation_mismatch: () => {
    const l = world();
    l.expectRefused('allocation_mismatch', () => l.transform('recycler', 'yard', 'melt', [['scrap-a', t(10)]], [
      copperOutput('a', t(2), { allocation: [{ kind: 'post-consumer', country: 'GB', massG: t(1) }] }),
    ]));
  },
  over_allocation: () => {
    const l = world();
    l.expectRefused('over_allocation', () => l.transform('recycler', 'yard', 'melt', [['scrap-a', t(10)]], [
      copperOutput('a', t(1), { allocation: [{ kind: 'primary', country: 'CL', massG: t(1) }] }),
    ]));
  },
  export_to_home_country: () => {
    const l = world();
    l.expectRefused('export_to_home_country', () => l.submit('recycler', 'batch.export', { batch: 'scrap-a', destination: { country: 'GB', consignee: 'Not abroad' } }));
  },
  adjust_not_downwards: () => {
    const l = world();
    l.expectRefused('adjust_not_downwards', () => l.submit('recycler', 'batch.adjust', { batch: 'scrap-a', massG: t(10), reason: 'same' }));
  },
  corrects_not_earlier: () => {
    const l = world();
    l.expectRefused('corrects_not_earlier', () => l.submit('recycler', 'batch.adjust', { batch: 'scrap-a', massG: t(9), reason: 'r', corrects: l.entries.length }));
  },
};

describe('every custody refusal has its own code', () => {
  it('lists each code once, with a 4xx status, in the error catalog', () => {
    for (const [code, { status }] of Object.entries(custodyErrors)) {
      expect(status >= 400 && status < 500, code).toBe(true);
      expect(errorCatalog).toHaveProperty(code);
    }
    expect(Object.keys(cases).sort()).toEqual(Object.keys(custodyErrors).sort());
  });

  for (const [code, run] of Object.entries(cases)) it(code, run);
});

describe('refusals from the log core, raised while applying', () => {
  it('bad_signature: a signature over other content', () => {
    const l = world();
    const entry = l.transfer('recycler', 'scrap-b', 'mill', 'works');
    const forged = { ...entry, seq: l.entries.length, event: { ...entry.event, id: 'forged', toSite: 'works' } };
    l.expectRefused('bad_signature', () => l.appendEntry(forged));
  });

  it('invalid_public_key and weak_public_key at registration, with the path of the key', () => {
    const l = world();
    const register = (key: string) => () => l.submit('registrar', 'participant.register', { participant: { id: 'newco', name: 'New', roles: ['trader'], country: 'GB', sites: [], keys: [toBase64Url(generateKeyPair().publicKey), key] } });
    const notAPoint = toBase64Url(new Uint8Array(32).fill(0xff)); // y >= p
    const identity = toBase64Url(Uint8Array.of(1, ...new Array<number>(31).fill(0))); // small order
    expect(l.expectRefused('invalid_public_key', register(notAPoint)).path).toEqual(['event', 'participant', 'keys', 1]);
    expect(l.expectRefused('weak_public_key', register(identity)).path).toEqual(['event', 'participant', 'keys', 1]);
  });
});
