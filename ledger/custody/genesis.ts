import type { Entry, Envelope } from '../../schemas/entry.js';
import type { GenesisEvent, TallyEvent } from '../../schemas/events.js';
import type { LedgerMeta, ParticipantState } from '../../schemas/state.js';
import { TallyError, isTallyError } from '../errors.js';
import { toBase64Url } from '../encoding/bytes.js';
import { keyIdOf, type SubgroupCheck } from '../crypto/keys.js';
import type { VerifyFn } from '../crypto/signature.js';
import { parseVerifierKey } from '../log/checkpoint.js';
import { verifyEnvelope } from '../log/event-signing.js';
import type { EntryEffects } from './context.js';
import { stateKeys } from './keys.js';
import { registrableKeys } from './participants.js';
import { readLedgerMeta, writeParticipant } from './state-access.js';
import type { StateTx } from './state-tx.js';

/**
 * Applies entry 0, `ledger.genesis` (SPEC 3.1): it fixes the trust roots. The log key comes from
 * the event itself, so the check is that the event is self-consistent: the verifier key is named
 * by the ledger's origin (C2SP: the key name is the origin) and the signature verifies under it.
 * Whoever configures the server decides which genesis to trust; a verifier compares `logKey`
 * with the one it was given.
 * @throws TallyError `genesis_out_of_place`, `invalid_log_key`, `unknown_signing_key`,
 *   `bad_signature`, `invalid_public_key`, `weak_public_key`, `registrar_key_is_log_key`
 */
export function applyGenesis(
  tx: StateTx,
  entry: Pick<Entry, 'seq'>,
  envelope: Envelope<TallyEvent>,
  event: GenesisEvent,
  effects: EntryEffects,
  verify: VerifyFn,
  inSubgroup: SubgroupCheck,
): void {
  if (entry.seq !== 0 || readLedgerMeta(tx) !== undefined) {
    throw new TallyError('genesis_out_of_place', `ledger.genesis at entry ${entry.seq}; it is entry 0 and only entry 0`, ['event', 'type']);
  }
  let logPublicKey: Uint8Array;
  try {
    const parsed = parseVerifierKey(event.logKey);
    if (parsed.name !== event.ledger) throw new TallyError('invalid_log_key', `logKey is named ${parsed.name}, not the origin ${event.ledger}`);
    logPublicKey = parsed.publicKey;
  } catch (err) {
    throw new TallyError('invalid_log_key', `logKey: ${isTallyError(err) ? err.message : String(err)}`, ['event', 'logKey']);
  }
  if (envelope.keyId !== keyIdOf(logPublicKey)) {
    throw new TallyError('unknown_signing_key', 'genesis must be signed by the log key it names', ['keyId']);
  }
  verifyEnvelope(envelope, logPublicKey, verify);

  const keys = registrableKeys(event.registrar.keys, entry.seq, ['event', 'registrar', 'keys'], inSubgroup);
  const logKeyText = toBase64Url(logPublicKey);
  const reused = keys.findIndex((key) => key.publicKey === logKeyText);
  if (reused >= 0) {
    throw new TallyError('registrar_key_is_log_key', 'the registrar key must differ from the log key', ['event', 'registrar', 'keys', reused]);
  }

  const meta: LedgerMeta = { origin: event.ledger, homeCountry: event.homeCountry, logKey: event.logKey };
  tx.put(stateKeys.ledgerMeta, meta);
  const registrar: ParticipantState = {
    id: event.registrar.id,
    name: event.registrar.name,
    roles: ['registrar'],
    country: event.registrar.country,
    sites: [],
    keys,
    registeredSeq: entry.seq,
  };
  writeParticipant(tx, registrar);
  effects.nameParticipant(registrar.id);
}
