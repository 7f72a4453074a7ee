import { sha256 } from '../../ledger/crypto/hash.js';
import { toHex, utf8Encode } from '../../ledger/encoding/bytes.js';
import type { EventSigner } from '../../sdk/event-builder.js';
import type { TallyApi } from '../../sdk/client.js';
import type { Member, MemberId } from './cast.js';

/** Tonnes to the integer grams every signed event carries. */
export const t = (tonnes: number) => Math.round(tonnes * 1_000_000);

/** A document's hash as evidence: the document itself stays with its owner, off the ledger. */
const doc = (text: string) => toHex(sha256(utf8Encode(text)));

export type Send = (signer: EventSigner, type: string, fields: Record<string, unknown>) => Promise<number>;

/** Signs and submits one event through the SDK, failing loudly if the ledger refuses it. */
export function sender(api: TallyApi): Send {
  return async (signer, type, fields) => {
    const envelope = signer.sign(type as never, fields as never);
    const { data, error } = await api.POST('/v1/events', { body: envelope as never });
    if (error) throw new Error(`${signer.actor} ${type} refused: ${error.code}: ${error.detail}`);
    return data.seq;
  };
}

/** The registrar admits every member to the directory. */
export async function registerMembers(send: Send, registrar: EventSigner, cast: Record<MemberId, Member>): Promise<void> {
  for (const m of Object.values(cast)) {
    await send(registrar, 'participant.register', {
      participant: { id: m.id, name: m.name, roles: m.roles, country: m.country, sites: m.sites, keys: [m.publicKey] },
    });
  }
}

/**
 * Aluminium: Sheffield buys used cans from the public (an individual, so the Scrap Metal Dealers
 * Act identity check is evidenced by hash, the person only by a salted commitment) and offcuts
 * from a can maker; Severn Remelt blends them with Norwegian primary metal into ingot.
 */
export async function aluminiumStory(send: Send, c: Record<MemberId, Member>): Promise<void> {
  const rec = c['sheffield-recycling'].events;
  const salt = 'demo-salt-kept-by-the-recycler';
  await send(rec, 'batch.register', {
    batch: { id: 'al-ubc-0412', material: 'aluminium', form: 'scrap', grade: 'UBC (Taldon)', massG: t(18), site: 'attercliffe' },
    origin: { kind: 'post-consumer', country: 'GB' },
    supplier: { kind: 'individual', ref: doc(`${salt}|seller-licence-4471`) },
    evidence: [
      { kind: 'identity-check', sha256: doc('photo ID + address check, 2026') },
      { kind: 'weighbridge-ticket', sha256: doc('WB 88231 18.000 t') },
    ],
  });
  await send(rec, 'batch.register', {
    batch: { id: 'al-offcut-0413', material: 'aluminium', form: 'scrap', grade: 'clean 3104 offcuts', massG: t(12), site: 'attercliffe' },
    origin: { kind: 'pre-consumer', country: 'GB' },
    supplier: { kind: 'business', ref: 'can-maker-warrington' },
  });
  for (const batch of ['al-ubc-0412', 'al-offcut-0413']) await send(rec, 'batch.transfer', { batch, to: 'severn-remelt', toSite: 'avonmouth' });
  const remelt = c['severn-remelt'].events;
  await send(remelt, 'batch.receive', { batch: 'al-ubc-0412', massG: t(17.95), evidence: [{ kind: 'weighbridge-ticket', sha256: doc('WB A-1902 17.950 t') }] });
  await send(remelt, 'batch.receive', { batch: 'al-offcut-0413', massG: t(12) });

  const fjord = c['fjord-aluminium'].events;
  await send(fjord, 'batch.register', { batch: { id: 'al-p1020-77', material: 'aluminium', form: 'ingot', grade: 'P1020A', massG: t(10), site: 'sunndal' }, origin: { kind: 'primary', country: 'NO' } });
  await send(fjord, 'batch.transfer', { batch: 'al-p1020-77', to: 'severn-remelt', toSite: 'avonmouth' });
  await send(remelt, 'batch.receive', { batch: 'al-p1020-77', massG: t(10) });
  await send(remelt, 'batch.transform', {
    process: 'remelt and cast',
    site: 'avonmouth',
    inputs: [
      { batch: 'al-ubc-0412', massG: t(17.95) },
      { batch: 'al-offcut-0413', massG: t(12) },
      { batch: 'al-p1020-77', massG: t(10) },
    ],
    outputs: [{ id: 'al-ingot-2026-118', material: 'aluminium', form: 'ingot', grade: '6063', massG: t(38.4) }],
  });
}

/**
 * Copper, the SPEC's worked example over three tiers: 120 t UK and 30 t Irish post-consumer
 * scrap with 70 t Chilean primary cathode become 200 t of rod, and the rod becomes cable.
 */
export async function copperStory(send: Send, c: Record<MemberId, Member>): Promise<void> {
  const rec = c['sheffield-recycling'].events;
  const irish = c['liffey-metals'].events;
  const andes = c['andes-copper'].events;
  const rod = c['midlands-rod'].events;
  await send(rec, 'batch.register', { batch: { id: 'cu-birch-0907', material: 'copper', form: 'scrap', grade: 'Birch/Cliff No.1', massG: t(120), site: 'attercliffe' }, origin: { kind: 'post-consumer', country: 'GB' } });
  await send(irish, 'batch.register', { batch: { id: 'cu-ie-5531', material: 'copper', form: 'scrap', grade: 'Berry/Candy', massG: t(30), site: 'dublin-port' }, origin: { kind: 'post-consumer', country: 'IE' } });
  await send(andes, 'batch.register', { batch: { id: 'cu-cathode-cl-21', material: 'copper', form: 'cathode', grade: 'Grade A', massG: t(70), site: 'antofagasta' }, origin: { kind: 'primary', country: 'CL' } });
  await send(rec, 'batch.transfer', { batch: 'cu-birch-0907', to: 'midlands-rod', toSite: 'walsall' });
  await send(irish, 'batch.transfer', { batch: 'cu-ie-5531', to: 'midlands-rod', toSite: 'walsall' });
  await send(andes, 'batch.transfer', { batch: 'cu-cathode-cl-21', to: 'midlands-rod', toSite: 'walsall' });
  for (const [batch, tonnes] of [['cu-birch-0907', 120], ['cu-ie-5531', 30], ['cu-cathode-cl-21', 70]] as const) await send(rod, 'batch.receive', { batch, massG: t(tonnes) });
  await send(rod, 'batch.transform', {
    process: 'shaft furnace and continuous rod casting',
    site: 'walsall',
    inputs: [
      { batch: 'cu-birch-0907', massG: t(120) },
      { batch: 'cu-ie-5531', massG: t(30) },
      { batch: 'cu-cathode-cl-21', massG: t(70) },
    ],
    outputs: [{ id: 'cu-rod-8mm-3310', material: 'copper', form: 'rod', grade: 'Cu-ETP 8 mm', massG: t(200) }],
  });
  await send(rod, 'batch.transfer', { batch: 'cu-rod-8mm-3310', to: 'wessex-cables', toSite: 'swindon', split: { id: 'cu-rod-8mm-3310-a', massG: t(50) } });
  const cables = c['wessex-cables'].events;
  await send(cables, 'batch.receive', { batch: 'cu-rod-8mm-3310-a', massG: t(50) });
  await send(cables, 'batch.transform', {
    process: 'wire drawing and stranding',
    site: 'swindon',
    inputs: [{ batch: 'cu-rod-8mm-3310-a', massG: t(50) }],
    outputs: [{ id: 'cable-6242y-2026-w14', material: 'copper', form: 'product', grade: '6242Y 2.5 mm twin and earth', massG: t(49.2) }],
  });
}

/**
 * Steel: 500 t of shredded scrap; 300 t are shipped to a Turkish mill under Basel B1010, 200 t
 * go to a UK electric arc furnace.
 */
export async function steelStory(send: Send, c: Record<MemberId, Member>): Promise<void> {
  const rec = c['sheffield-recycling'].events;
  await send(rec, 'batch.register', { batch: { id: 'fe-shred-2231', material: 'steel', form: 'scrap', grade: 'shredded (OA)', massG: t(500), site: 'attercliffe' }, origin: { kind: 'post-consumer', country: 'GB' } });
  await send(rec, 'batch.export', {
    batch: 'fe-shred-2231',
    split: { id: 'fe-shred-2231-tr', massG: t(300) },
    destination: { country: 'TR', consignee: 'Aegean Steel AS', facility: 'Aliaga EAF', recoveryCode: 'R4' },
    wasteCode: { scheme: 'basel', code: 'B1010' },
    reference: 'Annex VII GB-2026-0411',
  });
  await send(rec, 'batch.transfer', { batch: 'fe-shred-2231', to: 'celtic-eaf', toSite: 'port-talbot' });
  const eaf = c['celtic-eaf'].events;
  await send(eaf, 'batch.receive', { batch: 'fe-shred-2231', massG: t(199.6) });
  await send(eaf, 'batch.transform', {
    process: 'electric arc furnace',
    site: 'port-talbot',
    inputs: [{ batch: 'fe-shred-2231', massG: t(199.6) }],
    outputs: [{ id: 'fe-billet-7781', material: 'steel', form: 'billet', grade: 'S355', massG: t(181.2) }],
  });
}

/** Lithium: the battery maker's carbonate comes mostly from one country. */
export async function lithiumStory(send: Send, c: Record<MemberId, Member>): Promise<void> {
  const volt = c['volt-cells'].events;
  const supplies: Array<[MemberId, string, string, number]> = [
    ['atacama-lithium', 'li-carb-cl-01', 'salar', 42],
    ['atacama-lithium', 'li-carb-cl-02', 'salar', 23],
    ['pilbara-lithium', 'li-spod-au-01', 'pilgangoora', 25],
  ];
  for (const [who, id, site, tonnes] of supplies) {
    const supplier = c[who].events;
    await send(supplier, 'batch.register', { batch: { id, material: 'lithium', form: 'concentrate', massG: t(tonnes), site }, origin: { kind: 'primary', country: c[who].country } });
    await send(supplier, 'batch.transfer', { batch: id, to: 'volt-cells', toSite: 'sunderland' });
    await send(volt, 'batch.receive', { batch: id, massG: t(tonnes) });
  }
}
