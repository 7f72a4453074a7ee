// A copper chain that exercises every batch event type Tally maps to EPCIS: two recyclers'
// scrap (one rejected first, then delivered), a rod mill melting it with imported cathode, a
// split sale to a cable maker, an attestation, an adjustment, a partial retirement, a recall,
// and an export of a split. Used by the EPCIS, passport and visibility tests.

import { append, deliver, registerBatch, registerParticipant, t } from '../support/participants.js';
import type { Party, TestServer } from '../support/server.js';

export interface Chain {
  recycler: Party;
  trader: Party;
  mill: Party;
  cableMaker: Party;
  bystander: Party;
  auditor: Party;
  /** Log size after the cable maker received its lot (a size the log signed). */
  sizeAtReceipt: number;
}

export async function buildCopperChain(server: TestServer): Promise<Chain> {
  const recycler = await registerParticipant(server, 'recycler', ['recycler'], 'GB', [['yard', 'GB']]);
  const trader = await registerParticipant(server, 'trader', ['trader'], 'GB', [['dock', 'GB']]);
  const mill = await registerParticipant(server, 'mill', ['processor'], 'GB', [['works', 'GB']]);
  const cableMaker = await registerParticipant(server, 'cable-maker', ['fabricator'], 'GB', [['plant', 'GB']]);
  const bystander = await registerParticipant(server, 'bystander', ['trader'], 'GB', [['desk', 'GB']]);
  const auditor = await registerParticipant(server, 'auditor', ['auditor'], 'GB');

  await registerBatch(server, recycler, { id: 'scrap-1', massG: t(12), site: 'yard' });
  await append(server, recycler, 'batch.transfer', { batch: 'scrap-1', to: mill.id, toSite: 'works' });
  await append(server, mill, 'batch.reject', { batch: 'scrap-1', reason: 'wet load' });
  await deliver(server, recycler, 'scrap-1', mill, 'works', t(12));
  await registerBatch(server, trader, { id: 'cathode-1', massG: t(7), site: 'dock', material: 'copper', form: 'cathode', origin: { kind: 'primary', country: 'CL' } });
  await append(server, trader, 'batch.transfer', { batch: 'cathode-1', to: mill.id, toSite: 'works' });
  await append(server, mill, 'batch.receive', { batch: 'cathode-1', massG: 6_999_500 });
  await append(server, mill, 'batch.transform', {
    process: 'melt and roll',
    site: 'works',
    inputs: [{ batch: 'scrap-1', massG: t(12) }, { batch: 'cathode-1', massG: 6_999_500 }],
    outputs: [{ id: 'rod-1', material: 'copper', form: 'rod', massG: t(18) + 1_234 }],
  });
  await append(server, auditor, 'batch.attest', { batch: 'rod-1', kind: 'assay', sha256: 'ab'.repeat(32) });
  await append(server, mill, 'batch.adjust', { batch: 'rod-1', massG: t(18), reason: 'reweighed' });
  await append(server, mill, 'batch.transfer', { batch: 'rod-1', to: cableMaker.id, toSite: 'plant', split: { id: 'rod-lot-1', massG: t(5) } });
  await append(server, cableMaker, 'batch.receive', { batch: 'rod-lot-1', massG: t(5) - 250 });
  const sizeAtReceipt = await server.logSize();
  await append(server, cableMaker, 'batch.retire', { batch: 'rod-lot-1', massG: t(1), reason: 'incorporated', product: { sku: 'C-100', name: 'cable' } });
  await append(server, mill, 'batch.transfer', { batch: 'rod-1', to: cableMaker.id, toSite: 'plant', split: { id: 'rod-lot-2', massG: t(1) } });
  await append(server, mill, 'batch.reject', { batch: 'rod-lot-2', reason: 'recalled' });
  await append(server, mill, 'batch.export', {
    batch: 'rod-1',
    split: { id: 'rod-export-1', massG: t(2) },
    destination: { country: 'DE', consignee: 'Kupfer GmbH' },
    wasteCode: { scheme: 'basel', code: 'B1010' },
  });
  return { recycler, trader, mill, cableMaker, bystander, auditor, sizeAtReceipt };
}
