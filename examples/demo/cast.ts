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
