/**
 * The custody model (SPEC 3 and 4): a pure state machine over the log. `applyEntry` validates one
 * entry and writes its state and indexes; `keysTouched` tells a store what to prefetch; the
 * queries read committed state.
 */
export { applyEntry } from './apply.js';
export { keysTouched } from './touched-keys.js';
export { replayEntries } from './replay.js';
export { MemoryStateSource, MemoryStateTx, type StateSource, type StateTx } from './state-tx.js';
export { stateKeys, seq16 } from './keys.js';
export * from './queries/index.js';
