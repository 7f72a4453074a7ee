import type { ParticipantState } from '../schemas/state.js';
import { fromBase64Url } from '../ledger/encoding/bytes.js';
import { stateKeys } from '../ledger/custody/keys.js';
import type { Ledger } from '../ledger/store/ledger.js';
import type { KeyLookup } from './auth/request-signature.js';

/** Request signatures are checked against the participant's current, unrevoked keys. */
export function ledgerKeyLookup(ledger: Ledger): KeyLookup {
  return async (participantId, keyId) => {
    const participant = (await ledger.state.get(stateKeys.participant(participantId))) as ParticipantState | undefined;
    const key = participant?.keys.find((k) => k.keyId === keyId && k.revokedSeq === undefined);
    if (!participant || !key) return undefined;
    return { publicKey: fromBase64Url(key.publicKey), roles: participant.roles };
  };
}
