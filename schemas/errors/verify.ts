/**
 * Error codes of the verifier's tools (SPEC sections 5 and 7): audit bundles, checkpoint
 * tracking and full replay. These are raised on the verifier's side (SDK, CLI), never by the
 * server about its own input, so the status says how an API relaying the verdict would answer:
 * 400 for a document that is not a bundle at all, 409 for two signed statements of the log that
 * contradict each other, 422 for a well-formed document that does not prove what it claims.
 * Messages name the entry (`entry 7 (batch.transfer): ...`); callers match on the code.
 */
export const verifyErrors = {
  bundle_invalid_format: { status: 400, title: 'Document is not a tally-bundle/v1 audit bundle' },
  invalid_claims: { status: 400, title: 'Claims to check are malformed' },

  bundle_untrusted_log_key: { status: 422, title: 'The bundle names a log key other than the trusted one' },
  bundle_invalid_checkpoint: { status: 422, title: "The bundle's checkpoint does not verify with the trusted log key" },
  bundle_invalid_entry: { status: 422, title: 'A bundle entry is out of order, repeated, mislabelled or beyond the checkpoint' },
  bundle_invalid_inclusion: { status: 422, title: "An entry's inclusion proof does not lead to the checkpoint's root" },
  bundle_invalid_prev: { status: 422, title: "An entry's prev is not the hash of the entry before it" },
  bundle_invalid_signature: { status: 422, title: "An event is not signed by a key its actor held at the event's position" },
  bundle_invalid_event: { status: 422, title: 'An entry breaks a custody rule when the bundle is replayed' },
  bundle_incomplete: { status: 422, title: 'The bundle lacks an entry its lineage needs (genesis, a participant, a batch)' },
  bundle_figures_mismatch: { status: 422, title: 'The batch the bundle claims differs from what its lineage entries give' },

  fork_detected: { status: 409, title: 'Two checkpoints signed by the log key are not consistent with each other' },
  rollback_detected: { status: 409, title: 'The log presents a smaller checkpoint than one already verified' },

  replay_entry_out_of_order: { status: 422, title: 'An entry of the replayed log does not carry the seq of its position' },
  replay_prev_mismatch: { status: 422, title: "An entry's prev is not the hash of the entry before it" },
  replay_invalid_entry: { status: 422, title: 'An entry of the replayed log breaks a custody rule or its signature does not verify' },
  replay_truncated: { status: 422, title: 'The entry source ended before the checkpoint size' },
  replay_root_mismatch: { status: 422, title: 'The replayed entries do not give the root hash of the checkpoint' },
} as const;
