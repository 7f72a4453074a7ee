import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWindow, SIGNATURE_WINDOW_SECONDS } from '../../api/auth/request-signature.js';
import { isTallyError } from '../../ledger/errors.js';
import { signBytes } from '../../ledger/crypto/signature.js';
import { toBase64, utf8Encode } from '../../ledger/encoding/bytes.js';
import { registerBatch, registerParticipant, t } from '../support/participants.js';
import { TestServer, type Party } from '../support/server.js';

/**
 * Issue 9, item 11: request signatures that never expire. http-message-signatures checks the
 * window as `created - tolerance` against numbers, so a `created` that is no number (a String, a
 * Token, a Byte Sequence) compared as NaN and passed: a signature good forever, replayable by
 * anyone who saw it. Each case below is correctly signed over its own parameters; only the
 * parameters are wrong.
 */

let server: TestServer;
let holder: Party;
const PATH = '/v1/batches/held';

beforeAll(async () => {
  server = await TestServer.start();
  holder = await registerParticipant(server, 'holder', ['recycler'], 'GB', [['yard', 'GB']]);
  await registerBatch(server, holder, { id: 'held', massG: t(1), site: 'yard' });
});
afterAll(() => server?.close());

/** Headers of a GET of PATH signed by `party` over @method and @target-uri, with `params` as given. */
function signedWith(party: Party, params: string): Record<string, string> {
  const signatureParams = `("@method" "@target-uri")${params};keyid="${party.id}/${party.keyId}";alg="ed25519"`;
  const base = `"@method": GET\n"@target-uri": ${server.url}${PATH}\n"@signature-params": ${signatureParams}`;
  return { 'signature-input': `sig1=${signatureParams}`, signature: `sig1=:${toBase64(signBytes(utf8Encode(base), party.key.secretKey))}:` };
}

const now = () => Math.floor(Date.now() / 1000);

describe('the signature window, over HTTP', () => {
  it('accepts a well-formed signature (the control), with or without a future expires', async () => {
    expect((await server.request('GET', PATH, { headers: signedWith(holder, `;created=${now()}`) })).status).toBe(200);
    expect((await server.request('GET', PATH, { headers: signedWith(holder, `;created=${now()};expires=${now() + 60}`) })).status).toBe(200);
  });

  it.each([
    ['created="forever" (a String)', () => ';created="forever"'],
    ['created=forever (a Token)', () => ';created=forever'],
    ['created=:AAAA: (a Byte Sequence)', () => ';created=:AAAA:'],
    ['created=?1 (a Boolean)', () => ';created=?1'],
    ['created as a Decimal', () => `;created=${now()}.5`],
    ['no created at all', () => ''],
    // Ten seconds past the window, not one: the server's clock may tick to the next second between
    // signing and checking (it did, once in CI). The exact edges are checkWindow's, below.
    ['created 310 s ago', () => `;created=${now() - SIGNATURE_WINDOW_SECONDS - 10}`],
    ['created 310 s ahead', () => `;created=${now() + SIGNATURE_WINDOW_SECONDS + 10}`],
    ['an expires already past', () => `;created=${now()};expires=${now() - 1}`],
    ['expires="never" (a String)', () => `;created=${now()};expires="never"`],
    ['expires=never (a Token)', () => `;created=${now()};expires=never`],
  ])('refuses %s with 401', async (_name, params) => {
    const res = await server.request('GET', PATH, { headers: signedWith(holder, params()) });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });
});

describe('checkWindow at its edges', () => {
  const refuses = (params: Array<[string, unknown]>, at: number) => {
    try {
      checkWindow(new Map(params), at);
    } catch (err) {
      return isTallyError(err) && err.code === 'unauthenticated';
    }
    return false;
  };
  const at = 1_800_000_000;

  it('takes created exactly at either end of the window and refuses a second beyond', () => {
    expect(refuses([['created', at - SIGNATURE_WINDOW_SECONDS]], at)).toBe(false);
    expect(refuses([['created', at + SIGNATURE_WINDOW_SECONDS]], at)).toBe(false);
    expect(refuses([['created', at - SIGNATURE_WINDOW_SECONDS - 1]], at)).toBe(true);
    expect(refuses([['created', at + SIGNATURE_WINDOW_SECONDS + 1]], at)).toBe(true);
  });

  it('honours expires to the second', () => {
    expect(refuses([['created', at], ['expires', at]], at)).toBe(false);
    expect(refuses([['created', at], ['expires', at - 1]], at)).toBe(true);
  });

  it('refuses anything but a safe integer', () => {
    for (const created of [Number.NaN, Infinity, 2 ** 53, at + 0.5, `${at}`, null, undefined]) expect(refuses([['created', created]], at), String(created)).toBe(true);
  });
});
