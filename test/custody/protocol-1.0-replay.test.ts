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
      const { countedG, byMaterial, ...rest } = provenance;
      expect(rest, id).toEqual({ ...old.provenance, composition: withMaterial(old.provenance.composition) });
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
