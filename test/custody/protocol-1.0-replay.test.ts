import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Entry } from '../../schemas/entry.js';
import { nobleVerify } from '../../ledger/crypto/signature.js';
import { replayEntries } from '../../ledger/custody/replay.js';
import { MemoryStateSource } from '../../ledger/custody/state-tx.js';
import * as queries from '../../ledger/custody/queries/index.js';
import { numeric } from './harness.js';

/**
 * SPEC 4.1 compatibility: a ledger written under protocol 1.0 replays under 1.1 to the same
 * figures. The fixture was written by the 1.0 code (see test/fixtures/protocol-1.0/make-log.ts);
 * 1.1 adds `material` to every part (the batch's own, for a 1.0 batch), `countedG` and
 * `byMaterial` to provenance, and gives report grams as strings of digits.
 *
 * Lineage is not a figure, and the 1.0 code got it wrong: a batch listed entries recorded after it
 * came to be on its ancestors only (its parent's later loss, an input's later transform), which
 * never touched it. The materialised lineage (issue 14) leaves them out, so the lineage is
 * compared with the definition (lineageAt below) and must be a subset of the 1.0 list.
 */
interface Fixture {
  entries: Entry[];
  figures: {
    batches: Record<string, { view: Record<string, unknown> & { material: string; composition: Array<Record<string, unknown>> }; provenance: Record<string, unknown> & { composition: Array<Record<string, unknown>> } }>;
    retention: Record<string, Record<string, unknown>>;
    concentration: Record<string, Record<string, unknown>>;
  };
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/protocol-1.0/log.json', import.meta.url), 'utf8')) as Fixture;

/** The batches an entry names: its batch, a split, a transform's inputs and outputs. */
function batchesOf(seq: number): string[] {
  const event = fixture.entries[seq]!.event as { batch?: unknown; split?: { id: string }; inputs?: Array<{ batch: string }>; outputs?: Array<{ id: string }> };
  const own = typeof event.batch === 'string' ? [event.batch] : typeof event.batch === 'object' && event.batch ? [(event.batch as { id: string }).id] : [];
  return [...own, ...(event.split ? [event.split.id] : []), ...(event.inputs ?? []).map((i) => i.batch), ...(event.outputs ?? []).map((o) => o.id)];
}

/**
 * The entries that made `id` as it stood at `until`: those naming it, and for the entry that
 * created it (a split or a transform output), each parent's entries up to that one. Written here
 * from the definition, not taken from the code under test.
 */
function lineageAt(id: string, until: number): Set<number> {
  const seqs = new Set<number>();
  const naming = fixture.entries.filter((e) => e.seq <= until && batchesOf(e.seq).includes(id));
  naming.forEach((e) => seqs.add(e.seq));
  const creating = naming[0];
  if (creating) {
    const event = creating.event as { type: string; batch?: unknown; inputs?: Array<{ batch: string }> };
    const parents = event.type === 'batch.transform' ? (event.inputs ?? []).map((i) => i.batch) : typeof event.batch === 'string' && event.batch !== id ? [event.batch] : [];
    for (const parent of parents) lineageAt(parent, creating.seq).forEach((seq) => seqs.add(seq));
  }
  return seqs;
}

describe('a protocol 1.0 log replayed under 1.1', () => {
  const state = replayEntries(fixture.entries, nobleVerify);
  const source = new MemoryStateSource(state);

  it('gives every batch the same view and figures, its parts naming the batch material', async () => {
    const ids = Object.keys(fixture.figures.batches);
    expect(ids.length).toBe(14);
    for (const id of ids) {
      const old = fixture.figures.batches[id]!;
      const withMaterial = (parts: Array<Record<string, unknown>>) => parts.map((part) => ({ material: old.view.material, ...part }));
      expect(await queries.getBatchView(source, id), id).toEqual({ ...old.view, composition: withMaterial(old.view.composition) });
      const provenance = (await queries.getProvenance(source, id))!;
      const { countedG, byMaterial, lineage, ...rest } = provenance;
      const { lineage: oldLineage, ...oldFigures } = old.provenance as unknown as { lineage: number[] };
      expect(rest, id).toEqual({ ...oldFigures, composition: withMaterial(old.provenance.composition) });
      expect(lineage, id).toEqual([...lineageAt(id, Infinity)].sort((a, b) => a - b));
      expect(lineage.every((seq) => oldLineage.includes(seq)), id).toBe(true);
      expect(countedG).toBe(provenance.massG);
      expect(byMaterial.map((m) => m.material)).toEqual(provenance.massG > 0 ? [old.view.material] : []);
    }
  });

  it('gives the same retention and concentration figures (grams now strings of digits)', async () => {
    expect(numeric(await queries.retentionReport(source, {}))).toEqual(fixture.figures.retention.all);
    expect(numeric(await queries.retentionReport(source, { material: 'copper' }))).toEqual(fixture.figures.retention.copper);
    expect(numeric(await queries.retentionReport(source, { material: 'steel' }))).toEqual(fixture.figures.retention.steel);
    expect(numeric(await queries.concentrationReport(source, { participant: 'mill' }))).toEqual(fixture.figures.concentration.mill);
    expect(numeric(await queries.concentrationReport(source, { participant: 'izmir', material: 'copper' }))).toEqual(fixture.figures.concentration.izmir);
  });
});
