import { describe, expect, it } from 'vitest';
import { World, type GenBatch } from '../../examples/generator/world.js';

/**
 * The generator's per-constituent bookkeeping (SPEC 4.1) on its own: what a transform takes from
 * the pool, creates as `other` and loses, by hand; and the cuts it refuses on composite batches,
 * whose grams per constituent the ledger would apportion in a way a view without parts cannot
 * predict (a flow that tried would make the generator's counters drift from the ledger's).
 */

const batch = (id: string, extra: Partial<GenBatch>): GenBatch => ({
  id, material: 'nickel', form: 'sulphate', massG: 0, custodian: 'p', site: 's', status: 'active', ...extra,
});

function cathodeWorld(): { world: World; ni: GenBatch; co: GenBatch } {
  const world = new World();
  const ni = batch('ni', { massG: 800 });
  const co = batch('co', { material: 'cobalt', massG: 150 });
  world.register(ni);
  world.register(co);
  return { world, ni, co };
}

describe('the generator world, per constituent', () => {
  it('counts what a transform takes, creates as other and loses, by hand', () => {
    const { world, ni, co } = cathodeWorld();
    const cathode = batch('cam', { material: 'nmc811-cathode', form: 'powder', massG: 1390, constituents: [{ material: 'nickel', massG: 790 }, { material: 'cobalt', massG: 100 }, { material: 'other', massG: 500 }] });
    world.transform([{ batch: ni, massG: 800 }, { batch: co, massG: 120 }], [cathode]);
    expect(world.mass.nickel).toMatchObject({ registeredG: 800, processLossG: 10 });
    expect(world.mass.cobalt).toMatchObject({ registeredG: 150, processLossG: 20 });
    expect(world.mass.other).toMatchObject({ registeredG: 0, createdG: 500, processLossG: 0 });
    expect(world.liveMassG()).toMatchObject({ nickel: 790, cobalt: 130, other: 500 });

    // Cells from the cathode: all its other taken, 700 g more created, 5 g of cobalt lost.
    const cells = batch('cells', { material: 'li-ion-cell', form: 'component', massG: 2085, constituents: [{ material: 'nickel', massG: 790 }, { material: 'cobalt', massG: 95 }, { material: 'other', massG: 1200 }] });
    world.transform([{ batch: cathode, massG: 1390 }], [cells]);
    expect(world.mass.other).toMatchObject({ createdG: 1200, processLossG: 0 });
    expect(world.mass.cobalt.processLossG).toBe(25);

    world.export(cells);
    expect(world.mass.nickel.exportedG).toBe(790);
    expect(world.mass.other.exportedG).toBe(1200);
    expect(world.liveMassG()).toMatchObject({ nickel: 0, cobalt: 30, other: 0 });
  });

  it('takes other from the pool before creating any, and loses what no output takes', () => {
    const world = new World();
    const scrap = batch('cell-scrap', { material: 'li-ion-cell', form: 'scrap', massG: 1000, constituents: [{ material: 'nickel', massG: 200 }, { material: 'other', massG: 800 }] });
    world.register(scrap);
    world.transform([{ batch: scrap, massG: 1000 }], [batch('bm', { material: 'black-mass', form: 'powder', massG: 390, constituents: [{ material: 'nickel', massG: 190 }, { material: 'other', massG: 200 }] })]);
    expect(world.mass.other).toMatchObject({ registeredG: 800, createdG: 0, processLossG: 600 });
    expect(world.mass.nickel.processLossG).toBe(10);
  });

  it('refuses an output asking for more of a constituent than the pool holds', () => {
    const { world, ni } = cathodeWorld();
    expect(() => world.transform([{ batch: ni, massG: 800 }], [batch('out', { material: 'nickel', massG: 801 })])).toThrow(/801 g of nickel/);
    const { world: w2, ni: ni2 } = cathodeWorld();
    expect(() => w2.transform([{ batch: ni2, massG: 500 }], [batch('cam', { material: 'brass', massG: 10, constituents: [{ material: 'zinc', massG: 10 }] })])).toThrow(/zinc/);
  });

  it('refuses to cut a composite batch in any way', () => {
    const make = () => {
      const world = new World();
      const bm = batch('bm', { material: 'black-mass', form: 'powder', massG: 100, constituents: [{ material: 'cobalt', massG: 40 }, { material: 'other', massG: 60 }] });
      world.register(bm);
      return { world, bm };
    };
    const cuts: Array<[string, (w: World, b: GenBatch) => unknown]> = [
      ['split', (w, b) => w.transfer(b, 'q', 't', { id: 'bm-2', massG: 50 })],
      ['consumed in part', (w, b) => w.transform([{ batch: b, massG: 50 }], [batch('co', { material: 'cobalt', massG: 10 })])],
      ['split', (w, b) => w.export(b, 30)],
      ['retired in part', (w, b) => w.retire(b, 30)],
      ['adjusted', (w, b) => w.adjust(b, 99)],
      ['weighed short', (w, b) => w.receive(w.transfer(b, 'q', 't'), 99)],
    ];
    for (const [what, cut] of cuts) {
      const { world, bm } = make();
      expect(() => cut(world, bm), what).toThrow(new RegExp(what));
    }
    // Whole, everything is allowed.
    const { world, bm } = make();
    world.receive(world.transfer(bm, 'q', 't'), 100);
    world.retire(bm, 100);
    expect(world.mass.cobalt.retiredG).toBe(40);
    expect(world.mass.other.retiredG).toBe(60);
  });
});
