import type { ParticipantKeysEvent, ParticipantRegisterEvent, ParticipantUpdateEvent } from '../../schemas/events.js';
import { REGISTRAR_ID } from '../../schemas/primitives.js';
import type { ParticipantKeyState, ParticipantState } from '../../schemas/state.js';
import { TallyError, isTallyError } from '../errors.js';
import { keyIdOf, parsePublicKey, type SubgroupCheck } from '../crypto/keys.js';
import type { ApplyContext } from './context.js';
import { hasRole, readParticipant, requireParticipant, requireRole, writeParticipant } from './state-access.js';

/** The rules of SPEC 3.1 after genesis: registering participants, updating them, changing keys. */

/**
 * Key states for newly registered public keys, valid for entries after `seq`; `inSubgroup`
 * decides their torsion (SPEC 2).
 * @throws TallyError `invalid_public_key`, `weak_public_key` (SPEC 2), with the path of the key.
 */
export function registrableKeys(publicKeys: readonly string[], seq: number, path: Array<string | number>, inSubgroup: SubgroupCheck): ParticipantKeyState[] {
  return publicKeys.map((publicKey, index) => {
    let bytes: Uint8Array;
    try {
      bytes = parsePublicKey(publicKey, inSubgroup);
    } catch (err) {
      if (isTallyError(err)) throw new TallyError(err.code, err.message, [...path, index]);
      throw err;
    }
    return { keyId: keyIdOf(bytes), publicKey, addedSeq: seq };
  });
}

/**
 * `participant.register`: a registrar adds a participant with a new id.
 * @throws TallyError `role_not_permitted`, `participant_exists`, `invalid_public_key`, `weak_public_key`
 */
export function applyParticipantRegister(ctx: ApplyContext<ParticipantRegisterEvent>): void {
  const { tx, seq, event, actor } = ctx;
  requireRole(actor, ['registrar'], 'participant.register');
  const { id, name, roles, country, sites, keys } = event.participant;
  if (readParticipant(tx, id)) throw new TallyError('participant_exists', `participant ${id} is already registered`, ['event', 'participant', 'id']);
  const participant: ParticipantState = {
    id,
    name,
    roles,
    country,
    sites,
    keys: registrableKeys(keys, seq, ['event', 'participant', 'keys'], ctx.inSubgroup),
    registeredSeq: seq,
  };
  writeParticipant(tx, participant);
  ctx.effects.nameParticipant(id);
}

/**
 * `participant.update`: a registrar replaces name, roles, country and sites. Sites may be added
 * and renamed but never removed or moved to another country: batches name the site they are at,
 * and custody history ("was it held abroad?") must not change after the fact.
 * @throws TallyError `role_not_permitted`, `unknown_participant`, `site_removed`, `site_moved`,
 *   `registrar_role_required`
 */
export function applyParticipantUpdate(ctx: ApplyContext<ParticipantUpdateEvent>): void {
  const { tx, event, actor } = ctx;
  requireRole(actor, ['registrar'], 'participant.update');
  const { id, name, roles, country, sites } = event.participant;
  const current = requireParticipant(tx, id, ['event', 'participant', 'id']);
  for (const site of current.sites) {
    const index = sites.findIndex((s) => s.id === site.id);
    if (index < 0) throw new TallyError('site_removed', `site ${site.id} of ${id} cannot be removed`, ['event', 'participant', 'sites']);
    if (sites[index]!.country !== site.country) {
      throw new TallyError('site_moved', `site ${site.id} of ${id} is in ${site.country}`, ['event', 'participant', 'sites', index, 'country']);
    }
  }
  if (id === REGISTRAR_ID && !roles.includes('registrar')) {
    throw new TallyError('registrar_role_required', `participant ${REGISTRAR_ID} must keep the registrar role`, ['event', 'participant', 'roles']);
  }
  writeParticipant(tx, { ...current, name, roles, country, sites });
  ctx.effects.nameParticipant(id);
}

/**
 * `participant.keys`: the participant or a registrar revokes and adds keys. Revocation takes
 * effect from this entry on; a revoked key id can never be added back, so that a key id names one
 * validity interval in the participant's history.
 * @throws TallyError `not_key_owner_or_registrar`, `unknown_participant`, `unknown_key`,
 *   `key_already_revoked`, `key_exists`, `invalid_public_key`, `weak_public_key`, `last_key`
 */
export function applyParticipantKeys(ctx: ApplyContext<ParticipantKeysEvent>): void {
  const { tx, seq, event, actor } = ctx;
  const target = requireParticipant(tx, event.participant, ['event', 'participant']);
  if (actor.id !== target.id && !hasRole(actor, 'registrar')) {
    throw new TallyError('not_key_owner_or_registrar', `${actor.id} may not change the keys of ${target.id}`, ['event', 'actor']);
  }
  const keys = target.keys.map((key) => ({ ...key }));
  event.revoke.forEach((keyId, index) => {
    const key = keys.find((k) => k.keyId === keyId);
    if (!key) throw new TallyError('unknown_key', `${target.id} has no key ${keyId}`, ['event', 'revoke', index]);
    if (key.revokedSeq !== undefined) {
      throw new TallyError('key_already_revoked', `key ${keyId} was revoked at entry ${key.revokedSeq}`, ['event', 'revoke', index]);
    }
    key.revokedSeq = seq;
  });
  const added = registrableKeys(event.add, seq, ['event', 'add'], ctx.inSubgroup);
  added.forEach((key, index) => {
    if (keys.some((k) => k.keyId === key.keyId)) {
      throw new TallyError('key_exists', `key ${key.keyId} is already registered for ${target.id}`, ['event', 'add', index]);
    }
  });
  keys.push(...added);
  if (!keys.some((key) => key.revokedSeq === undefined)) {
    throw new TallyError('last_key', `${target.id} would have no valid key left`, ['event', 'revoke']);
  }
  writeParticipant(tx, { ...target, keys });
  ctx.effects.nameParticipant(target.id);
}
