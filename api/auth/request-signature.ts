import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { httpbis } from 'http-message-signatures';
import { isInnerList, parseDictionary } from 'structured-headers';
import { TallyError } from '../../ledger/errors.js';
import type { VerifyFn } from '../../ledger/crypto/signature.js';

/** Who signed a request, once the signature checked out. */
export interface Caller {
  participant: string;
  roles: readonly string[];
}

/** Finds the public key a request signature names, if the participant has it and it is not revoked. */
export type KeyLookup = (participant: string, keyId: string) => Promise<{ publicKey: Uint8Array; roles: readonly string[] } | undefined>;

/** SPEC 6: `created` must be within 5 minutes of the server's clock, either way. */
export const SIGNATURE_WINDOW_SECONDS = 300;

/**
 * RFC 9421 HTTP Message Signatures on requests (SPEC section 6): `alg="ed25519"`,
 * `keyid="<participant>/<keyId>"`, a `created` within the window, covering `@method` and either
 * `@target-uri` or `@path` (plus `@query` when there is a query), and `content-digest` (checked
 * against the body, RFC 9530) when there is a body. The check runs only when a protected route
 * asks for the caller (requireCaller): public routes ignore signature headers, good or bad.
 */
export function requestSignatures(lookup: KeyLookup, verify: VerifyFn) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.locals.authenticate = () => authenticate(req, lookup, verify);
    next();
  };
}

/**
 * The authenticated caller of a protected route.
 * @throws TallyError `unauthenticated` (401) without signature headers or with a bad signature.
 */
export async function requireCaller(res: Response): Promise<Caller> {
  if (res.locals.caller === undefined) {
    const authenticateRequest = res.locals.authenticate as (() => Promise<Caller>) | undefined;
    if (authenticateRequest === undefined) throw new TallyError('unauthenticated', 'this resource needs an RFC 9421 request signature');
    res.locals.caller = await authenticateRequest();
  }
  return res.locals.caller as Caller;
}

async function authenticate(req: Request, lookup: KeyLookup, verify: VerifyFn): Promise<Caller> {
  if (req.headers['signature'] === undefined && req.headers['signature-input'] === undefined) {
    throw new TallyError('unauthenticated', 'this resource needs an RFC 9421 request signature');
  }
  const { covered, params } = signatureInput(req.headers['signature-input']);
  checkWindow(params, Math.floor(Date.now() / 1000));
  const hasQuery = req.originalUrl.includes('?');
  const coversTarget = covered.includes('@target-uri') || (covered.includes('@path') && (!hasQuery || covered.includes('@query')));
  if (!covered.includes('@method') || !coversTarget) {
    throw new TallyError('unauthenticated', 'the signature must cover @method and @target-uri, or @path and @query');
  }
  const rawBody = (req as Request & { rawBody?: Buffer }).rawBody;
  if (rawBody !== undefined && rawBody.length > 0) {
    if (!covered.includes('content-digest')) throw new TallyError('unauthenticated', 'a request with a body must sign content-digest');
    checkContentDigest(req.headers['content-digest'], rawBody);
  }

  let caller: Caller | undefined;
  let verified: boolean | null;
  try {
    verified = await httpbis.verifyMessage(
      {
        maxAge: SIGNATURE_WINDOW_SECONDS,
        notAfter: Math.floor(Date.now() / 1000) + SIGNATURE_WINDOW_SECONDS,
        requiredParams: ['created', 'keyid', 'alg'],
        keyLookup: async (params) => {
          const [participant, keyId, ...rest] = String(params.keyid ?? '').split('/');
          if (!participant || !keyId || rest.length > 0 || params.alg !== 'ed25519') return null;
          const key = await lookup(participant, keyId);
          if (key === undefined) return null;
          caller = { participant, roles: key.roles };
          return { id: String(params.keyid), algs: ['ed25519'], verify: async (data, sig) => verify(sig, data, key.publicKey) };
        },
      },
      { method: req.method, url: targetUri(req), headers: req.headers as Record<string, string | string[]> },
    );
  } catch (err) {
    throw new TallyError('unauthenticated', `request signature refused: ${(err as Error).message}`);
  }
  if (verified !== true || caller === undefined) throw new TallyError('unauthenticated', 'request signature does not verify with a current key of the named participant');
  return caller;
}

/** The one signature's covered components and parameters, as the Signature-Input header gives them. */
function signatureInput(header: string | string[] | undefined): { covered: string[]; params: ReadonlyMap<string, unknown> } {
  if (header === undefined) throw new TallyError('unauthenticated', 'Signature-Input header is missing');
  try {
    const inputs = parseDictionary(Array.isArray(header) ? header.join(', ') : header);
    if (inputs.size !== 1) throw new Error('exactly one signature is expected');
    const [input] = inputs.values();
    if (!input || !isInnerList(input)) throw new Error('signature input is not an inner list');
    return { covered: input[0].map(([name]) => String(name)), params: input[1] };
  } catch (err) {
    throw new TallyError('unauthenticated', `malformed Signature-Input: ${(err as Error).message}`);
  }
}

/**
 * SPEC 6 and RFC 9421 s.2.3: `created` is an Integer within the window of the server's clock,
 * either way, and `expires`, when present, an Integer not yet past. Checked here rather than left
 * to http-message-signatures, whose window check compares `created - tolerance` and so lets any
 * non-number through (a String "forever", a Token, a Byte Sequence: NaN is never too old).
 * @throws TallyError `unauthenticated`
 */
export function checkWindow(params: ReadonlyMap<string, unknown>, nowSeconds: number): void {
  const created = params.get('created');
  if (!isInteger(created)) throw new TallyError('unauthenticated', 'the signature parameter created must be an integer (seconds since the epoch)');
  if (Math.abs(nowSeconds - created) > SIGNATURE_WINDOW_SECONDS) {
    throw new TallyError('unauthenticated', `the signature was created ${nowSeconds - created} s from the server's clock; at most ${SIGNATURE_WINDOW_SECONDS} s either way`);
  }
  if (!params.has('expires')) return;
  const expires = params.get('expires');
  if (!isInteger(expires)) throw new TallyError('unauthenticated', 'the signature parameter expires must be an integer (seconds since the epoch)');
  if (nowSeconds > expires) throw new TallyError('unauthenticated', 'the signature has expired');
}

/** A structured-field Integer: a number with no fraction (a Decimal such as 1.5 is not one). */
function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function checkContentDigest(header: string | string[] | undefined, body: Buffer): void {
  const expected = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
  const values = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((v) => v.trim());
  if (!values.includes(expected)) throw new TallyError('unauthenticated', 'content-digest does not match the body (sha-256 required)');
}

/** The request's absolute URI as the client addressed it (RFC 9421 @target-uri). */
export function targetUri(req: Request): string {
  return `${req.protocol}://${req.headers.host ?? 'localhost'}${req.originalUrl}`;
}
