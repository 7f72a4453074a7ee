import type { Envelope } from '../../schemas/entry.js';
import { toBase64Url } from '../encoding/bytes.js';
import { verifierKeyString } from '../log/checkpoint.js';
import { signEvent } from '../log/event-signing.js';

export interface GenesisSettings {
  origin: string;
  homeCountry: string;
  logKey: { secretKey: Uint8Array; publicKey: Uint8Array };
  registrar: { publicKey: Uint8Array; name: string; country: string };
  at: string;
}

/** The id of entry 0's event; fixed so that every Tally log starts the same way. */
export const GENESIS_EVENT_ID = 'genesis';

/** Builds entry 0's envelope (SPEC 3.1): written by the log and signed with the log key. */
export function genesisEnvelope(settings: GenesisSettings): Envelope {
  const event = {
    v: 1 as const,
    ledger: settings.origin,
    id: GENESIS_EVENT_ID,
    type: 'ledger.genesis',
    actor: 'log',
    at: settings.at,
    homeCountry: settings.homeCountry,
    logKey: verifierKeyString(settings.origin, settings.logKey.publicKey),
    registrar: {
      id: 'registrar',
      name: settings.registrar.name,
      country: settings.registrar.country,
      keys: [toBase64Url(settings.registrar.publicKey)],
    },
  };
  return signEvent(event, settings.logKey.secretKey);
}
