/**
 * Error codes of the log core: encodings, keys, signatures, proofs, checkpoints and storage.
 * A code never changes once published; its message may. Status is the HTTP status it maps to.
 */
export const logErrors = {
  non_canonical_value: { status: 400, title: 'Value cannot be canonicalised (floats, unsafe integers, ill-formed strings)' },
  invalid_encoding: { status: 400, title: 'Malformed hex, base64 or base64url' },
  invalid_public_key: { status: 400, title: 'Public key is not a valid Ed25519 point' },
  weak_public_key: { status: 400, title: 'Public key is of small order or not torsion-free' },
  bad_signature: { status: 400, title: 'Signature does not verify' },
  invalid_proof: { status: 400, title: 'Merkle proof does not verify' },
  invalid_checkpoint: { status: 400, title: 'Checkpoint is malformed or its signature does not verify' },
  invalid_entry: { status: 400, title: 'Log entry fields are malformed (seq, prev)' },
  invalid_range: { status: 400, title: 'Index or tree size out of range' },
  event_conflict: { status: 409, title: 'An event with this id and other content is already in the ledger' },
  store_corrupt: { status: 500, title: 'The store does not match the last signed checkpoint' },
  store_config_mismatch: { status: 500, title: 'Settings differ from those fixed at genesis' },
  store_write_failed: { status: 503, title: 'The store could not write the batch; nothing of it was acknowledged' },
  // Refused starts: the server exits with the code and a message; no HTTP client sees these.
  store_read_only: { status: 500, title: 'The data directory or store is read-only' },
  store_disk_full: { status: 500, title: 'No space left on the device of the data directory' },
  store_locked: { status: 500, title: 'Another process (a second server?) holds the store open' },
  log_key_missing: { status: 500, title: 'The data directory holds a store but no log-key.json' },
  config_invalid: { status: 500, title: 'A setting in the environment is invalid' },
} as const;
