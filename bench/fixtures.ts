import { generateKeyPair, keyIdOf } from '../ledger/crypto/keys.js';
import { toBase64Url } from '../ledger/encoding/bytes.js';
import { signEvent } from '../ledger/log/event-signing.js';
import type { Envelope } from '../schemas/entry.js';

export interface BenchKeys {
  origin: string;
  logKey: { secretKey: Uint8Array; publicKey: Uint8Array };
  registrar: { secretKey: Uint8Array; publicKey: Uint8Array };
  recycler: { secretKey: Uint8Array; publicKey: Uint8Array };
}

export function benchKeys(origin = 'bench.tally.example/log'): BenchKeys {
  return { origin, logKey: generateKeyPair(), registrar: generateKeyPair(), recycler: generateKeyPair() };
}

/** The registrar's registration of the recycler that signs the load. */
export function registerRecycler(keys: BenchKeys, id = 'recycler-1'): Envelope {
  return signEvent(
    {
      v: 1,
      ledger: keys.origin,
      id: `reg-${id}`,
      type: 'participant.register',
      actor: 'registrar',
      at: new Date().toISOString(),
      participant: {
        id,
        name: 'Bench Recycling Ltd',
        roles: ['recycler'],
        country: 'GB',
        sites: [{ id: 'yard', name: 'Yard', country: 'GB' }],
        keys: [toBase64Url(keys.recycler.publicKey)],
      },
    },
    keys.registrar.secretKey,
  );
}

/** `count` signed scrap registrations (a typical ~600-byte event), signed before any timing. */
export function scrapRegistrations(keys: BenchKeys, count: number, prefix: string, actor = 'recycler-1'): Envelope[] {
  const at = new Date().toISOString();
  const out: Envelope[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      signEvent(
        {
          v: 1,
          ledger: keys.origin,
          id: `${prefix}-${i}`,
          type: 'batch.register',
          actor,
          at,
          batch: { id: `${prefix}-b${i}`, material: 'aluminium', form: 'scrap', grade: 'taint-tabor', massG: 1_000_000 + i, site: 'yard' },
          origin: { kind: 'post-consumer', country: 'GB' },
          evidence: [{ kind: 'weighbridge-ticket', sha256: 'ab'.repeat(32) }],
        },
        keys.recycler.secretKey,
      ),
    );
  }
  return out;
}

export { keyIdOf };
