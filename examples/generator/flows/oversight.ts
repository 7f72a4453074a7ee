import { toBase64Url } from '../../../ledger/encoding/bytes.js';
import { HOME_COUNTRY } from '../catalogue.js';
import type { GeneratedParticipant } from '../directory.js';
import { attestBatch } from '../actions.js';
import { slug, UK_TOWNS } from '../places.js';
import type { Sim } from '../sim.js';

/**
 * The registrar's and the auditors' part: registering participants, a yard opening a new site,
 * a participant rotating its signing key, and auditors attesting batches they inspected.
 */

/** The registration event of a participant (always emitted: the flows depend on it). */
export function registerParticipant(sim: Sim, p: GeneratedParticipant, at: number): void {
  sim.emitter.emit('registrar', 'participant.register', {
    participant: { id: p.id, name: p.name, roles: p.roles, country: p.country, sites: p.sites, keys: [toBase64Url(p.key.publicKey)] },
  }, at, true);
}

/** A UK yard opens another site; the registrar records it. */
export function openSite(sim: Sim, at: number): void {
  const yards = sim.ofKind('scrap-yard');
  if (yards.length === 0 || !sim.emitter.canEmit(false)) return;
  const yard = sim.rng.pick(yards);
  const town = sim.rng.pick(UK_TOWNS);
  let id = slug(town);
  for (let n = 2; yard.sites.some((s) => s.id === id); n++) id = `${slug(town)}-${n}`;
  const sites = [...yard.sites, { id, name: `${town} yard`, country: HOME_COUNTRY }];
  sim.emitter.emit('registrar', 'participant.update', {
    participant: { id: yard.id, name: yard.name, roles: yard.roles, country: yard.country, sites },
  }, at);
  yard.sites = sites;
}

/** A UK participant replaces its signing key (signed with the old one, which it revokes). */
export function rotateKey(sim: Sim, at: number): void {
  const candidates = sim.participants.filter((p) => p.country === HOME_COUNTRY && p.kind !== 'auditor');
  if (candidates.length === 0 || !sim.emitter.canEmit(false)) return;
  const p = sim.rng.pick(candidates);
  const old = sim.keyOf(p.id);
  const next = sim.nextKeyOf(p.id);
  // Signed with the key being revoked: it is valid up to and including this entry.
  sim.emitter.emit(p.id, 'participant.keys', { participant: p.id, add: [toBase64Url(next.publicKey)], revoke: [old.keyId] }, at);
  sim.rotateKey(p.id);
}

/** An auditor inspects a batch somewhere in the chain and records the report's hash. */
export function auditRound(sim: Sim, auditor: GeneratedParticipant, visits: number, at: number): void {
  const { rng, world } = sim;
  for (let i = 0; i < visits && world.live.size > 0; i++) {
    const batch = world.batches.get(world.live.at(rng.next()))!;
    if (batch.campaign) continue; // the campaign's lineage is kept to its planned size
    const kind = rng.pick(['assay', 'inspection', 'certificate'] as const);
    const summary = kind === 'assay' ? `XRF assay of ${batch.grade ?? batch.form}: conforms` : kind === 'inspection' ? 'Site inspection: stock and records reconcile' : 'Chain-of-custody certificate issued';
    attestBatch(sim, auditor.id, batch, kind, summary, at + i * 60_000);
  }
}
