/**
 * Error codes of tiles, witnesses, trust policies and rollback protection (SPEC 5.1). Raised by
 * the log (`entry_too_large`, `store_rolled_back`), by a mirror or verifier reading tiles
 * (`invalid_tile`), and by verifiers holding a C2SP tlog-policy.
 */
export const witnessErrors = {
  entry_too_large: { status: 413, title: 'The entry would exceed 65,535 bytes, the most a C2SP entry bundle can hold' },
  store_rolled_back: {
    status: 503,
    title: 'A witness has cosigned a larger tree, or one the store does not prove consistent: the store was rolled back or forked',
  },
  invalid_tile: { status: 422, title: 'A tile or entry bundle is malformed or does not match the verified checkpoint' },
  invalid_policy: { status: 400, title: 'The C2SP tlog-policy file is malformed' },
  invalid_cosignature: { status: 400, title: 'A cosignature or witness key is malformed' },
  policy_unsatisfied: { status: 422, title: 'The checkpoint is not signed by a policy log or lacks the quorum of witness cosignatures' },
  invalid_tlog_proof: { status: 400, title: 'The c2sp.org/tlog-proof@v1 document is malformed or does not prove the entry' },
} as const;
