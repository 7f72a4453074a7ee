import { toBase64Url } from '../../ledger/encoding/bytes.js';
import type { Role } from '../../schemas/primitives.js';

/** The `participant` of a test's `participant.register`: sites as [id, country], one key. */
export function participantFields(id: string, roles: Role[], country: string, sites: Array<[string, string]>, publicKey: Uint8Array) {
  return {
    id,
    name: `${id} Ltd`,
    roles,
    country,
    sites: sites.map(([siteId, siteCountry]) => ({ id: siteId, name: `${id} ${siteId}`, country: siteCountry })),
    keys: [toBase64Url(publicKey)],
  };
}
