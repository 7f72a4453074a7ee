import { generateKeyPair, keyIdOf, publicKeyOf } from '../ledger/crypto/keys.js';
import { toBase64Url } from '../ledger/encoding/bytes.js';
import { eventSigningBytes } from '../ledger/log/event-signing.js';
import { nodeSigner } from '../ledger/store/node-signer.js';
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

/**
 * Signs with node:crypto (OpenSSL): byte-identical to @noble/ed25519 (RFC 8032 signatures are
 * deterministic) and about 20 times faster, so a bench can sign tens of thousands of events.
 */
function signEvent<E extends Envelope['event']>(event: E, secretKey: Uint8Array): Envelope<E> {
  const sig = nodeSigner(secretKey)(eventSigningBytes(event));
  return { event, keyId: keyIdOf(publicKeyOf(secretKey)), sig: toBase64Url(sig) };
}

/** `count` signed scrap registrations (a typical ~600-byte event), signed before any timing. */
export function scrapRegistrations(keys: BenchKeys, count: number, prefix: string, actor = 'recycler-1'): Envelope[] {
  const at = new Date().toISOString();
  const sign = nodeSigner(keys.recycler.secretKey);
  const keyId = keyIdOf(keys.recycler.publicKey);
  const out: Envelope[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      signWith(
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
        sign,
        keyId,
      ),
    );
  }
  return out;
}

function signWith<E extends Envelope['event']>(event: E, sign: (msg: Uint8Array) => Uint8Array, keyId: string): Envelope<E> {
  return { event, keyId, sig: toBase64Url(sign(eventSigningBytes(event))) };
}

export { keyIdOf };
