import { append, deliver, registerBatch, registerParticipant, t } from '../support/participants.js';
import type { Party, TestServer } from '../support/server.js';
import { participantFields } from '../support/participant-fields.js';
import { generateKeyPair } from '../../ledger/crypto/keys.js';

/**
 * A small real story for the browser tests: the SPEC's worked example (120 t UK and 30 t Irish
 * scrap with 70 t Chilean cathode melted into 200 t of copper rod, part of which a cable maker
 * buys), UK steel scrap exported to Turkey, and aluminium lost at a yard.
 */
export interface Scenario {
  recycler: Party;
  mill: Party;
  mine: Party;
  cables: Party;
  /** The batch the cable maker holds and whose bundle the claim checker verifies. */
  rod: string;
  /** A registered participant's name that is markup: the page must show it as text. */
  hostileName: string;
}

export async function tellScenario(server: TestServer): Promise<Scenario> {
  const recycler = await registerParticipant(server, 'sheffield-scrap', ['recycler'], 'GB', [['yard', 'GB']]);
  const mill = await registerParticipant(server, 'midlands-rod', ['processor'], 'GB', [['walsall', 'GB']]);
  const mine = await registerParticipant(server, 'andes-copper', ['mine'], 'CL', [['antofagasta', 'CL']]);
  const cables = await registerParticipant(server, 'wessex-cables', ['manufacturer', 'fabricator'], 'GB', [['bath', 'GB']]);

  await registerBatch(server, recycler, { id: 'cu-uk-1', massG: t(120), site: 'yard' });
  await registerBatch(server, recycler, { id: 'cu-ie-1', massG: t(30), site: 'yard', origin: { kind: 'post-consumer', country: 'IE' } });
  await registerBatch(server, mine, { id: 'cu-cathode-1', massG: t(70), site: 'antofagasta', form: 'cathode', origin: { kind: 'primary', country: 'CL' } });
  await deliver(server, recycler, 'cu-uk-1', mill, 'walsall', t(120));
  await deliver(server, recycler, 'cu-ie-1', mill, 'walsall', t(30));
  await deliver(server, mine, 'cu-cathode-1', mill, 'walsall', t(70));
  await append(server, mill, 'batch.transform', {
    process: 'shaft furnace and rod line',
    site: 'walsall',
    inputs: [
      { batch: 'cu-uk-1', massG: t(120) },
      { batch: 'cu-ie-1', massG: t(30) },
      { batch: 'cu-cathode-1', massG: t(70) },
    ],
    outputs: [{ id: 'cu-rod-1', material: 'copper', form: 'rod', massG: t(200) }],
  });
  await append(server, mill, 'batch.transfer', { batch: 'cu-rod-1', to: cables.id, toSite: 'bath', split: { id: 'cu-rod-1a', massG: t(50) } });
  await append(server, cables, 'batch.receive', { batch: 'cu-rod-1a', massG: t(50) });

  await registerBatch(server, recycler, { id: 'st-hms-1', material: 'steel', massG: t(300), site: 'yard' });
  await append(server, recycler, 'batch.export', {
    batch: 'st-hms-1',
    destination: { country: 'TR', consignee: 'Aliaga steel works' },
    wasteCode: { scheme: 'basel', code: 'B1010' },
  });
  await registerBatch(server, recycler, { id: 'al-ubc-1', material: 'aluminium', massG: t(12), site: 'yard', origin: { kind: 'pre-consumer', country: 'GB' } });
  await append(server, recycler, 'batch.retire', { batch: 'al-ubc-1', massG: t(2), reason: 'lost' });

  const hostileName = '<img src=x onerror="window.pwned=true">';
  await append(server, server.registrar, 'participant.register', {
    participant: { ...participantFields('mallory-metals', ['trader'], 'GB', [['shed', 'GB']], generateKeyPair().publicKey), name: hostileName },
  });

  return { recycler, mill, mine, cables, rod: 'cu-rod-1a', hostileName };
}
