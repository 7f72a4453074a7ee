// did:key for Ed25519 public keys (W3C did:key method, multicodec ed25519-pub 0xed01, multibase
// base58btc "z"). A passport's issuer is the did:key of the custodian's Tally key: it names a key,
// and ties to a participant only through the log's key history (docs/protocol-notes.md).

import { base58 } from '@scure/base';
import { TallyError } from '../../errors.js';

const ED25519_PUB = [0xed, 0x01];
const PREFIX = 'did:key:z';

/** The multibase (base58btc) form of an Ed25519 public key: `z6Mk...`. */
export function multibaseOfKey(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new TallyError('invalid_public_key', 'an Ed25519 public key is 32 bytes');
  return 'z' + base58.encode(Uint8Array.from([...ED25519_PUB, ...publicKey]));
}

export function didKeyOf(publicKey: Uint8Array): string {
  return `did:key:${multibaseOfKey(publicKey)}`;
}

/** The verification method id, as a VC-JOSE `kid`: `did:key:z6Mk...#z6Mk...`. */
export function didKeyUrlOf(publicKey: Uint8Array): string {
  const multibase = multibaseOfKey(publicKey);
  return `did:key:${multibase}#${multibase}`;
}

/**
 * The Ed25519 public key a did:key (or its `#fragment` URL, whose fragment must repeat the key)
 * names.
 * @throws TallyError `invalid_public_key` for anything else.
 */
export function publicKeyOfDidKey(didOrUrl: string): Uint8Array {
  const [did, fragment, ...rest] = didOrUrl.split('#');
  if (rest.length > 0 || !did!.startsWith(PREFIX)) throw new TallyError('invalid_public_key', `${didOrUrl} is not a did:key`);
  const multibase = did!.slice('did:key:'.length);
  if (fragment !== undefined && fragment !== multibase) throw new TallyError('invalid_public_key', `the fragment of ${didOrUrl} does not name its key`);
  let bytes: Uint8Array;
  try {
    bytes = base58.decode(multibase.slice(1));
  } catch {
    throw new TallyError('invalid_public_key', `${didOrUrl} is not base58btc`);
  }
  if (bytes.length !== 34 || bytes[0] !== ED25519_PUB[0] || bytes[1] !== ED25519_PUB[1]) {
    throw new TallyError('invalid_public_key', `${didOrUrl} is not an Ed25519 did:key`);
  }
  return bytes.slice(2);
}
