import type { BatchState } from '../../schemas/state.js';
import { stateKeys } from './keys.js';
import { grantWalk, grantWalkKeys, type TransferGrants } from './visibility-index.js';

/**
 * The keys a transfer, receive or reject reads to grant or withdraw visibility, beyond
 * keysTouched: they depend on state (the lineage above the batch, the grants a transfer made), so
 * they are yielded a round at a time, each round computed from what `read` returns for the keys of
 * the rounds before. A store loads each round before resuming (ledger/store/visibility-prefetch.ts);
 * the custody tests check with it that apply reads nothing a store could not have loaded.
 * Requires `read` to see the state the entry at `seq` will be applied to, with keysTouched loaded.
 * Anything the event gets wrong (no such batch, not in transit) yields nothing; the rule refuses it.
 * The envelope was parsed on submission; the loose view only guards against a shape apply refuses.
 */
export function* visibilityReads(signed: unknown, seq: number, read: (key: string) => unknown): Generator<string[], void, void> {
  if (typeof signed !== 'object' || signed === null) return;
  const event = signed as { type: string; actor?: unknown; batch?: unknown; to?: unknown; split?: { id?: unknown } };
  if (typeof event.batch !== 'string') return;
  if (event.type === 'batch.transfer') {
    if (typeof event.to !== 'string' || event.to === event.actor) return;
    const splitId = event.split === undefined ? undefined : event.split.id;
    if (splitId !== undefined && typeof splitId !== 'string') return;
    const start: string = typeof splitId === 'string' ? splitId : event.batch;
    const from = typeof splitId === 'string' ? { seq, type: 'batch.transfer' as const, parents: [event.batch] } : undefined;
    const walk = grantWalk(read, event.to, start, from);
    for (let step = walk.next(); !step.done; step = walk.next()) yield grantWalkKeys(event.to, step.value);
    return;
  }
  if (event.type !== 'batch.receive' && event.type !== 'batch.reject') return;
  const batch = read(stateKeys.batch(event.batch)) as BatchState | undefined;
  if (batch?.transit === undefined) return;
  const grantsKey = stateKeys.transferGrants(batch.transit.seq);
  yield [grantsKey];
  const recorded = read(grantsKey) as TransferGrants | undefined;
  if (recorded) yield recorded.grants.map(([id]) => stateKeys.visibility(recorded.participant, id));
}
