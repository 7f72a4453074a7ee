// Which of a participant's keys may issue a passport pinned at tree size N: one registered by an
// entry inside the tree of size N and not revoked by any entry inside it (SPEC 3.1: a key signs
// entries after the one that added it and none after the one that revoked it).

export interface RegisteredKey {
  publicKey: string;
  addedSeq: number;
  revokedSeq?: number;
}

export function isValidAtSize(key: RegisteredKey, size: number): boolean {
  return key.addedSeq < size && (key.revokedSeq === undefined || key.revokedSeq >= size);
}

/** The participant's current key at size N: the most recently added of those valid there. */
export function currentKeyAtSize<K extends RegisteredKey>(keys: readonly K[], size: number): K | undefined {
  return keys.filter((k) => isValidAtSize(k, size)).sort((a, b) => a.addedSeq - b.addedSeq).at(-1);
}
