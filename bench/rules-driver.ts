/**
 * Applies the first N entries of a log with the custody rules, the signature check switched off:
 * what bench/rules-instructions.ts counts the instructions of. Bundled by esbuild against the
 * checkout being measured (this one, or `--before`), so it imports only modules every recent
 * commit has.
 *
 *   node driver.mjs <entries.json> <N> apply|parse
 *
 * Both modes parse and seal the N entries; only `apply` applies them, so the difference between
 * the two runs' counts is the rules alone.
 */
import { readFileSync } from 'node:fs';
import { applyEntry } from '../ledger/custody/apply.js';
import { FrozenStateTx } from '../ledger/custody/state-tx.js';
import { sealEvent } from '../ledger/log/event-signing.js';
import type { Entry } from '../schemas/entry.js';

const texts = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[];
const entries = texts.slice(0, Number(process.argv[3])).map((text) => JSON.parse(text) as Entry);
for (const entry of entries) sealEvent(entry.event);
if (process.argv[4] === 'apply') {
  const state = new Map<string, unknown>();
  for (const entry of entries) {
    const tx = new FrozenStateTx(state);
    applyEntry(entry, tx, () => true);
    tx.commit();
  }
}
console.log(`${process.argv[4]}: ${entries.length} entries`);
