import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryHash } from '../../ledger/log/entry.js';
import type { Entry } from '../../schemas/entry.js';
import { kg, registerParticipant, signedEvent } from '../support/participants.js';
import { TestServer, type Party } from '../support/server.js';

/**
 * Graceful shutdown, as on SIGTERM (api/main.ts calls close()): the server stops taking requests,
 * lets the appends in flight finish, and closes the store. Whatever was acknowledged with 201 must
 * be in the log when the same data directory is opened again; whatever was refused with 503 must
 * not be.
 */

let server: TestServer;
let yard: Party;

beforeAll(async () => {
  server = await TestServer.start();
  yard = await registerParticipant(server, 'yard-co', ['recycler'], 'GB', [['yard', 'GB']]);
});
afterAll(() => server?.close());

const SUBMISSIONS = 200;

type Outcome = { status: number; body?: { seq: number; hash: string; code?: string } } | { error: string };

describe('closing while submissions are in flight', () => {
  it('keeps every acknowledged entry, and appends nothing it refused', async () => {
    const envelopes = Array.from({ length: SUBMISSIONS }, (_, i) =>
      signedEvent(server, yard, 'batch.register', { batch: { id: `b-${i}`, material: 'copper', form: 'scrap', massG: kg(1), site: 'yard' }, origin: { kind: 'post-consumer', country: 'GB' } }),
    );
    const sizeBefore = await server.logSize();
    let firstAnswer!: () => void;
    const answered = new Promise<void>((resolve) => (firstAnswer = resolve));
    const inFlight = envelopes.map((envelope): Promise<Outcome> =>
      server.submit(envelope).then(
        (res) => (firstAnswer(), { status: res.status, body: res.body }),
        (err: Error) => {
          firstAnswer();
          // Only a connection the server closed is an outcome; a contract failure is not.
          if (err.message !== 'fetch failed') throw err;
          return { error: err.message };
        },
      ),
    );
    // Close once the server is demonstrably busy, as a SIGTERM would arrive: at any moment.
    await answered;
    const closing = Date.now();
    await server.stop();
    // Promptly: keep-alive connections are closed as they fall idle, not when the client drops them.
    expect(Date.now() - closing).toBeLessThan(2_000);
    const outcomes = await Promise.all(inFlight);

    const acknowledged = outcomes.flatMap((o, i) => ('status' in o && o.status === 201 ? [{ i, ...o.body! }] : []));
    const refused = outcomes.flatMap((o, i) => ('status' in o && o.status === 503 ? [i] : []));
    // Every answer is an acknowledgement, a 503 `unavailable`, or a connection the server closed.
    for (const o of outcomes) if ('status' in o && o.status !== 201) expect(o).toMatchObject({ status: 503, body: { code: 'unavailable' } });
    expect(acknowledged.length).toBeGreaterThan(0);

    await server.restart();
    for (const { i, seq, hash } of acknowledged) {
      const res = await server.signedGet(`/v1/entries/${seq}`, server.registrar.signer);
      expect(res.status).toBe(200);
      expect(entryHash(res.body as Entry)).toBe(hash);
      expect(res.body.event.id).toBe(envelopes[i]!.event.id);
    }
    // A refused submission was not appended: sent again, it is new.
    for (const i of refused) expect((await server.submit(envelopes[i])).status).toBe(201);
    // A client whose connection was cut does not know: it sends again, and each event ends up in
    // the log exactly once.
    const cut = outcomes.flatMap((o, i) => ('error' in o ? [i] : []));
    for (const i of cut) expect([200, 201]).toContain((await server.submit(envelopes[i])).status);
    expect(await server.logSize()).toBe(sizeBefore + SUBMISSIONS);
  });
});
