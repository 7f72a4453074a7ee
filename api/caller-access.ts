import { TallyError } from '../ledger/errors.js';
import { canSeeBatch } from '../ledger/custody/queries/index.js';
import type { StateSource } from '../ledger/custody/state-tx.js';
import type { Caller } from './auth/request-signature.js';

/** Auditors and the registrar see everything (SPEC 6). */
export function seesEverything(caller: Caller): boolean {
  return caller.roles.includes('auditor') || caller.roles.includes('registrar');
}

/**
 * SPEC 6: a signed caller that may not see a batch gets the same 404 as for a batch that does not
 * exist, so that batch ids do not leak.
 * @throws TallyError `not_found`
 */
export async function assertMaySeeBatch(state: StateSource, caller: Caller, batchId: string): Promise<void> {
  if (!(await canSeeBatch(state, caller.participant, batchId))) throw new TallyError('not_found', `no batch ${batchId} visible to ${caller.participant}`);
}

/** @throws TallyError `not_found` for a caller that is neither an auditor nor the registrar. */
export function assertSeesEverything(caller: Caller, what: string): void {
  if (!seesEverything(caller)) throw new TallyError('not_found', `${what} is for auditors and the registrar`);
}
