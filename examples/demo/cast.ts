import { generateKeyPair, keyIdOf } from '../../ledger/crypto/keys.js';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { EventSigner } from '../../sdk/event-builder.js';
import { createTallyClient, type TallyApi } from '../../sdk/client.js';

/** One organisation of the demo: who it is, where its sites are, and its signing key. */
export interface Member {
  id: string;
  name: string;
  roles: string[];
  country: string;
  sites: Array<{ id: string; name: string; country: string }>;
  events: EventSigner;
  api: TallyApi;
  publicKey: string;
  /** The key pair itself, so the demo can hand key files to the web explorer's workspace. */
  key: { secretKey: Uint8Array; publicKey: Uint8Array };
}

const PEOPLE = [
  { id: 'sheffield-recycling', name: 'Sheffield Recycling Ltd', roles: ['recycler'], country: 'GB', sites: [{ id: 'attercliffe', name: 'Attercliffe yard', country: 'GB' }] },
  { id: 'liffey-metals', name: 'Liffey Metals (trader)', roles: ['trader'], country: 'IE', sites: [{ id: 'dublin-port', name: 'Dublin Port depot', country: 'IE' }] },
  { id: 'andes-copper', name: 'Andes Copper SA', roles: ['mine'], country: 'CL', sites: [{ id: 'antofagasta', name: 'Antofagasta refinery', country: 'CL' }] },
  { id: 'fjord-aluminium', name: 'Fjord Aluminium AS', roles: ['mine'], country: 'NO', sites: [{ id: 'sunndal', name: 'Sunndal smelter', country: 'NO' }] },
  { id: 'severn-remelt', name: 'Severn Remelt Ltd', roles: ['processor'], country: 'GB', sites: [{ id: 'avonmouth', name: 'Avonmouth remelt plant', country: 'GB' }] },
  { id: 'midlands-rod', name: 'Midlands Rod Mill', roles: ['processor'], country: 'GB', sites: [{ id: 'walsall', name: 'Walsall rod mill', country: 'GB' }] },
  { id: 'wessex-cables', name: 'Wessex Cables plc', roles: ['fabricator', 'manufacturer'], country: 'GB', sites: [{ id: 'swindon', name: 'Swindon cable works', country: 'GB' }] },
  { id: 'celtic-eaf', name: 'Celtic Steel (electric arc furnace)', roles: ['processor'], country: 'GB', sites: [{ id: 'port-talbot', name: 'Port Talbot EAF', country: 'GB' }] },
  { id: 'atacama-lithium', name: 'Atacama Lithium SA', roles: ['mine'], country: 'CL', sites: [{ id: 'salar', name: 'Salar de Atacama', country: 'CL' }] },
  { id: 'pilbara-lithium', name: 'Pilbara Lithium Pty', roles: ['mine'], country: 'AU', sites: [{ id: 'pilgangoora', name: 'Pilgangoora', country: 'AU' }] },
  { id: 'volt-cells', name: 'Volt Cells UK (battery maker)', roles: ['manufacturer'], country: 'GB', sites: [{ id: 'sunderland', name: 'Sunderland gigafactory', country: 'GB' }] },
  { id: 'tees-recycling', name: 'Tees Battery Recycling Ltd', roles: ['recycler'], country: 'GB', sites: [{ id: 'billingham', name: 'Billingham shredding and black mass plant', country: 'GB' }] },
  { id: 'tees-refining', name: 'Tees Valley Refining Ltd', roles: ['processor'], country: 'GB', sites: [{ id: 'wilton', name: 'Wilton hydrometallurgical refinery', country: 'GB' }] },
  { id: 'katanga-cobalt', name: 'Katanga Cobalt SARL', roles: ['mine'], country: 'CD', sites: [{ id: 'kolwezi', name: 'Kolwezi hydroxide plant', country: 'CD' }] },
  { id: 'sulawesi-nickel', name: 'Sulawesi Nickel PT', roles: ['mine'], country: 'ID', sites: [{ id: 'morowali', name: 'Morowali HPAL plant', country: 'ID' }] },
  { id: 'northern-cathode', name: 'Northern Cathode Materials Ltd', roles: ['processor'], country: 'GB', sites: [{ id: 'washington', name: 'Washington cathode plant', country: 'GB' }] },
  { id: 'andes-zinc', name: 'Andes Zinc SAC', roles: ['mine'], country: 'PE', sites: [{ id: 'cajamarquilla', name: 'Cajamarquilla zinc refinery', country: 'PE' }] },
  { id: 'black-country-brass', name: 'Black Country Brass Mill', roles: ['processor'], country: 'GB', sites: [{ id: 'willenhall', name: 'Willenhall brass mill', country: 'GB' }] },
  { id: 'uk-audit', name: 'Independent Metals Audit LLP', roles: ['auditor'], country: 'GB', sites: [] },
] as const;

export type MemberId = (typeof PEOPLE)[number]['id'];

/** The demo's organisations, each with a key generated for this run (never stored in the repo). */
export function castOfMembers(baseUrl: string, ledger: string): Record<MemberId, Member> {
  const cast = {} as Record<MemberId, Member>;
  for (const person of PEOPLE) {
    const key = generateKeyPair();
    cast[person.id] = {
      ...person,
      roles: [...person.roles],
      sites: [...person.sites],
      events: new EventSigner({ ledger, actor: person.id, secretKey: key.secretKey }),
      api: createTallyClient({ baseUrl, signer: { participant: person.id, keyId: keyIdOf(key.publicKey), secretKey: key.secretKey } }),
      publicKey: toBase64Url(key.publicKey),
      key,
    };
  }
  return cast;
}
