import type { Member, MemberId } from './cast.js';
import { t, type Send } from './story.js';

/**
 * Batteries (protocol 1.1 constituents): Tees Battery Recycling shreds UK end-of-life cells into
 * black mass, a lot of which is shipped to Korea for refining, as most UK black mass is today; the
 * rest is refined at Wilton into nickel, cobalt and lithium. Northern Cathode blends them with
 * primary cobalt from the DR Congo, nickel from Indonesia and lithium from Australia into NMC811
 * cathode, and Volt Cells builds cells from it. Masses of the metals are contained metal; `other`
 * is everything no claim is about (oxygen, electrolyte, graphite, casing), created where needed.
 *
 * Recycled shares of the cells, by hand: cobalt 9.5/49.5 = 19.19% (the EU 2031 line is 16%, the
 * 2036 line 26%), lithium 3.6/13.6 = 26.47% (6%, 12%), nickel 19/79 = 24.05% (6%, 15%).
 */
export async function batteryStory(send: Send, c: Record<MemberId, Member>): Promise<void> {
  const recycler = c['tees-recycling'].events;
  const blackMass = (id: string, scale: number) => ({
    batch: {
      id, material: 'black-mass', form: 'powder', grade: 'NMC black mass', massG: t(100 * scale), site: 'billingham',
      constituents: [
        { material: 'nickel', massG: t(20 * scale) }, { material: 'cobalt', massG: t(10 * scale) }, { material: 'lithium', massG: t(4 * scale) },
        { material: 'manganese', massG: t(6 * scale) }, { material: 'other', massG: t(60 * scale) },
      ],
    },
    origin: { kind: 'post-consumer', country: 'GB' },
  });
  await send(recycler, 'batch.register', blackMass('bm-2026-031', 1));
  await send(recycler, 'batch.register', blackMass('bm-2026-032', 0.5));
  await send(recycler, 'batch.export', {
    batch: 'bm-2026-032',
    destination: { country: 'KR', consignee: 'Ulsan Battery Materials Co', facility: 'Ulsan hydromet plant', recoveryCode: 'R4' },
    reference: 'Annex VII GB-2026-0977',
  });

  await send(recycler, 'batch.transfer', { batch: 'bm-2026-031', to: 'tees-refining', toSite: 'wilton' });
  const refinery = c['tees-refining'].events;
  await send(refinery, 'batch.receive', { batch: 'bm-2026-031', massG: t(100) });
  await send(refinery, 'batch.transform', {
    process: 'leaching, solvent extraction and crystallisation',
    site: 'wilton',
    inputs: [{ batch: 'bm-2026-031', massG: t(100) }],
    outputs: [
      { id: 'ni-rec-0311', material: 'nickel', form: 'powder', grade: 'nickel sulphate (contained Ni)', massG: t(19) },
      { id: 'co-rec-0312', material: 'cobalt', form: 'powder', grade: 'cobalt sulphate (contained Co)', massG: t(9.5) },
      { id: 'li-rec-0313', material: 'lithium', form: 'powder', grade: 'lithium hydroxide (contained Li)', massG: t(3.6) },
    ],
  });

  const cathode = c['northern-cathode'].events;
  const deliver = async (from: MemberId, batch: string, massG: number) => {
    await send(c[from].events, 'batch.transfer', { batch, to: 'northern-cathode', toSite: 'washington' });
    await send(cathode, 'batch.receive', { batch, massG });
  };
  for (const [batch, tonnes] of [['ni-rec-0311', 19], ['co-rec-0312', 9.5], ['li-rec-0313', 3.6]] as const) await deliver('tees-refining', batch, t(tonnes));
  const primaries: Array<[MemberId, string, string, string, number]> = [
    ['katanga-cobalt', 'co-hyd-cd-88', 'cobalt', 'kolwezi', 40],
    ['sulawesi-nickel', 'ni-mhp-id-14', 'nickel', 'morowali', 60],
    ['pilbara-lithium', 'li-hyd-au-07', 'lithium', 'pilgangoora', 10],
  ];
  for (const [who, id, material, site, tonnes] of primaries) {
    await send(c[who].events, 'batch.register', { batch: { id, material, form: 'powder', massG: t(tonnes), site }, origin: { kind: 'primary', country: c[who].country } });
    await deliver(who, id, t(tonnes));
  }
  await send(cathode, 'batch.transform', {
    process: 'co-precipitation and calcination',
    site: 'washington',
    inputs: [
      { batch: 'ni-rec-0311', massG: t(19) }, { batch: 'co-rec-0312', massG: t(9.5) }, { batch: 'li-rec-0313', massG: t(3.6) },
      { batch: 'co-hyd-cd-88', massG: t(40) }, { batch: 'ni-mhp-id-14', massG: t(60) }, { batch: 'li-hyd-au-07', massG: t(10) },
    ],
    outputs: [{
      id: 'cam-811-2026-07', material: 'nmc811-cathode', form: 'powder', grade: 'NMC811', massG: t(200),
      constituents: [{ material: 'nickel', massG: t(79) }, { material: 'cobalt', massG: t(49.5) }, { material: 'lithium', massG: t(13.6) }, { material: 'other', massG: t(57.9) }],
    }],
  });

  await send(cathode, 'batch.transfer', { batch: 'cam-811-2026-07', to: 'volt-cells', toSite: 'sunderland' });
  const volt = c['volt-cells'].events;
  await send(volt, 'batch.receive', { batch: 'cam-811-2026-07', massG: t(200) });
  await send(volt, 'batch.transform', {
    process: 'electrode coating and cell assembly',
    site: 'sunderland',
    inputs: [{ batch: 'cam-811-2026-07', massG: t(200) }],
    outputs: [{
      id: 'cells-2026-w30', material: 'li-ion-cell', form: 'product', grade: '21700 NMC811', massG: t(300),
      constituents: [{ material: 'cobalt', massG: t(49.5) }, { material: 'lithium', massG: t(13.6) }, { material: 'nickel', massG: t(79) }, { material: 'other', massG: t(157.9) }],
    }],
  });
}

/**
 * Brass: the Black Country mill melts 70 t of UK copper scrap with 30 t of Peruvian primary zinc
 * into 98 t of CZ121 brass: all of its copper is recycled, none of its zinc; 69/98 = 70.41% of
 * the brass.
 */
export async function brassStory(send: Send, c: Record<MemberId, Member>): Promise<void> {
  const rec = c['sheffield-recycling'].events;
  const mill = c['black-country-brass'].events;
  await send(rec, 'batch.register', { batch: { id: 'cu-birch-1102', material: 'copper', form: 'scrap', grade: 'Birch/Cliff', massG: t(70), site: 'attercliffe' }, origin: { kind: 'post-consumer', country: 'GB' } });
  await send(rec, 'batch.transfer', { batch: 'cu-birch-1102', to: 'black-country-brass', toSite: 'willenhall' });
  await send(mill, 'batch.receive', { batch: 'cu-birch-1102', massG: t(70) });
  const zinc = c['andes-zinc'].events;
  await send(zinc, 'batch.register', { batch: { id: 'zn-shg-pe-40', material: 'zinc', form: 'ingot', grade: 'SHG 99.995', massG: t(30), site: 'cajamarquilla' }, origin: { kind: 'primary', country: 'PE' } });
  await send(zinc, 'batch.transfer', { batch: 'zn-shg-pe-40', to: 'black-country-brass', toSite: 'willenhall' });
  await send(mill, 'batch.receive', { batch: 'zn-shg-pe-40', massG: t(30) });
  await send(mill, 'batch.transform', {
    process: 'melt and continuous cast',
    site: 'willenhall',
    inputs: [{ batch: 'cu-birch-1102', massG: t(70) }, { batch: 'zn-shg-pe-40', massG: t(30) }],
    outputs: [{ id: 'brass-cz121-2026-19', material: 'brass', form: 'rod', grade: 'CZ121', massG: t(98), constituents: [{ material: 'copper', massG: t(69) }, { material: 'zinc', massG: t(29) }] }],
  });
}
