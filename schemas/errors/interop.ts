/**
 * Error codes of the exchange formats (SPEC 6.2 EPCIS, 6.3 UNTP passports): the pinned-size
 * bundle route, the EPCIS import and passport verification. Passport verdicts are raised on the
 * verifier's side (SDK, CLI); their status says how an API relaying the verdict would answer.
 */
export const interopErrors = {
  checkpoint_not_signed: { status: 404, title: 'The log has signed no checkpoint of this size (or no longer keeps it)' },
  batch_not_at_size: { status: 404, title: 'The batch did not exist yet at this tree size' },

  epcis_unmappable: { status: 422, title: 'An EPCIS event has no Tally counterpart; the path names the EPCIS field' },

  passport_malformed: { status: 400, title: 'Not a VC-JOSE compact JWS of a UNTP passport' },
  passport_bad_header: { status: 422, title: 'The protected header is not { alg: EdDSA, typ: vc+jwt, cty: vc, kid: did:key }' },
  passport_bad_signature: { status: 422, title: "The JWS signature does not verify with the kid's key" },
  passport_issuer_mismatch: { status: 422, title: 'The kid is not the did:key of the credential issuer' },
  passport_key_not_registered: { status: 422, title: "The kid's key was not a registered key of the custodian at the pinned tree size" },
  passport_evidence_mismatch: { status: 422, title: 'The passport evidence does not name the bundle (batch, tree size, root)' },
  passport_figures_mismatch: { status: 422, title: 'A figure of the passport differs from what the bundle gives' },
} as const;
