import { sha256 } from '../ledger/crypto/hash.js';
import { signBytes } from '../ledger/crypto/signature.js';
import { toBase64, utf8Encode } from '../ledger/encoding/bytes.js';

/** Who signs a request: a participant's id, the keyId of one of its keys, and that key's secret. */
export interface RequestSigner {
  participant: string;
  keyId: string;
  secretKey: Uint8Array;
}

export interface RequestToSign {
  method: string;
  /** The absolute URL the request goes to (its @target-uri). */
  url: string;
  body?: Uint8Array | string;
}

/**
 * RFC 9421 signature headers for a request to Tally (SPEC section 6): label `sig1`,
 * `alg="ed25519"`, `keyid="<participant>/<keyId>"`, `created` = `now`, covering `@method`,
 * `@target-uri`, and `content-digest` (RFC 9530, sha-256) when there is a body. Browser-safe: no
 * Node built-ins. The server verifies with an independent implementation (http-message-signatures).
 */
export function signRequest(request: RequestToSign, signer: RequestSigner, now: Date = new Date()): Record<string, string> {
  const headers: Record<string, string> = {};
  const components: Array<[string, string]> = [
    ['@method', request.method.toUpperCase()],
    ['@target-uri', request.url],
  ];
  if (request.body !== undefined) {
    const body = typeof request.body === 'string' ? utf8Encode(request.body) : request.body;
    headers['content-digest'] = `sha-256=:${toBase64(sha256(body))}:`;
    components.push(['content-digest', headers['content-digest']]);
  }
  const created = Math.floor(now.getTime() / 1000);
  const params =
    '(' + components.map(([name]) => `"${name}"`).join(' ') + ')' + `;created=${created};keyid="${signer.participant}/${signer.keyId}";alg="ed25519"`;
  const base = [...components.map(([name, value]) => `"${name}": ${value}`), `"@signature-params": ${params}`].join('\n');
  const signature = signBytes(utf8Encode(base), signer.secretKey);
  headers['signature-input'] = `sig1=${params}`;
  headers['signature'] = `sig1=:${toBase64(signature)}:`;
  return headers;
}
