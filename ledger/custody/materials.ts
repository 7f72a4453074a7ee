import type { LedgerMaterialsEvent } from '../../schemas/events.js';
import { DEFAULT_MATERIALS } from '../../schemas/materials.js';
import { TallyError } from '../errors.js';
import type { ApplyContext } from './context.js';
import { stateKeys } from './keys.js';
import { requireRole } from './state-access.js';
import type { StateTx } from './state-tx.js';

/**
 * The material vocabulary (docs/protocol.md, "Material vocabulary"): the default list plus what
 * the registrar added by `ledger.materials`. Materials key the report counters, so only words in
 * the vocabulary may appear in an event, and the number of counter keys is bounded by what the
 * registrar allowed, never by what participants submit (issue 9 item 5).
 */

const DEFAULT_SET: ReadonlySet<string> = new Set(DEFAULT_MATERIALS);

/** The materials the registrar added, sorted (under `meta/`, resident in every store). */
function addedMaterials(tx: StateTx): readonly string[] {
  return (tx.get(stateKeys.materials) as string[] | undefined) ?? [];
}

export function isKnownMaterial(tx: StateTx, material: string): boolean {
  return DEFAULT_SET.has(material) || addedMaterials(tx).includes(material);
}

/** @throws TallyError `unknown_material` with `path` naming the field. */
export function requireMaterial(tx: StateTx, material: string, path: Array<string | number>): void {
  if (!isKnownMaterial(tx, material)) {
    throw new TallyError('unknown_material', `material ${material} is not in the ledger's vocabulary; the registrar adds materials with ledger.materials`, path);
  }
}

/**
 * `ledger.materials`: the registrar adds words to the vocabulary. A word already in it is refused,
 * so every such entry changes something.
 * @throws TallyError `role_not_permitted`, `material_exists`
 */
export function applyLedgerMaterials(ctx: ApplyContext<LedgerMaterialsEvent>): void {
  const { tx, event, actor } = ctx;
  requireRole(actor, ['registrar'], 'ledger.materials');
  event.add.forEach((material, index) => {
    if (isKnownMaterial(tx, material)) throw new TallyError('material_exists', `material ${material} is already in the vocabulary`, ['event', 'add', index]);
  });
  tx.put(stateKeys.materials, [...addedMaterials(tx), ...event.add].sort());
}
