/**
 * Error codes of the custody rules (SPEC sections 3 and 4): one code per distinct refusal, never
 * reused for another meaning. Statuses follow one scheme:
 * - 400: the event does not match its schema (the path names the field);
 * - 403: the signer may not do this (unknown actor or key, wrong role, not the custodian);
 * - 404: the event names a batch, participant, site or key that does not exist;
 * - 409: the event conflicts with current state (id taken, batch in the wrong status);
 * - 422: the event is well formed and authorised but breaks a rule of the protocol.
 * A bad signature is the log core's `bad_signature`.
 */
export const custodyErrors = {
  invalid_event: { status: 400, title: 'Event does not match its schema' },

  unknown_actor: { status: 403, title: 'The actor is not a registered participant' },
  unknown_signing_key: { status: 403, title: 'keyId names no key of the actor' },
  signing_key_revoked: { status: 403, title: 'keyId names a key of the actor revoked before this log position' },
  role_not_permitted: { status: 403, title: 'The actor lacks the role this event type requires' },
  not_custodian: { status: 403, title: 'The actor is not the custodian of the batch' },
  not_recipient: { status: 403, title: 'Only the recipient of the pending transfer may receive it' },
  not_party_to_transfer: { status: 403, title: 'Only the sender or the recipient may reject a pending transfer' },
  not_custodian_or_auditor: { status: 403, title: 'Only an auditor or the custodian may attest a batch' },
  not_key_owner_or_registrar: { status: 403, title: "Only the participant or a registrar may change the participant's keys" },

  unknown_batch: { status: 404, title: 'No batch with this id' },
  unknown_participant: { status: 404, title: 'No participant with this id' },
  unknown_site: { status: 404, title: 'The participant has no site with this id' },
  unknown_key: { status: 404, title: 'The participant has no key with this id' },

  genesis_out_of_place: { status: 409, title: 'ledger.genesis must be entry 0, and entry 0 must be ledger.genesis' },
  participant_exists: { status: 409, title: 'A participant with this id is already registered' },
  batch_exists: { status: 409, title: 'A batch with this id already exists' },
  key_exists: { status: 409, title: 'The key is already registered for this participant (possibly revoked)' },
  key_already_revoked: { status: 409, title: 'The key was already revoked' },
  batch_not_active: { status: 409, title: 'The batch is not active' },
  batch_not_in_transit: { status: 409, title: 'The batch has no pending transfer' },
  batch_exported: { status: 409, title: 'The batch is exported and takes no further event' },
  site_removed: { status: 409, title: 'An update may rename sites but not remove them' },
  site_moved: { status: 409, title: "An update may not change a site's country" },
  material_exists: { status: 409, title: 'The material is already in the vocabulary' },

  wrong_ledger: { status: 422, title: 'The event is signed for another ledger' },
  event_in_future: { status: 422, title: '`at` is more than 5 minutes ahead of the server clock' },
  event_too_old: { status: 422, title: '`at` is more than 31 days before the server clock' },
  unknown_material: { status: 422, title: "The material is not in the ledger's vocabulary (the registrar extends it with ledger.materials)" },
  invalid_log_key: { status: 422, title: "Genesis logKey is not a valid verifier key named by the ledger's origin" },
  registrar_key_is_log_key: { status: 422, title: 'The registrar key must differ from the log key' },
  registrar_role_required: { status: 422, title: 'The registrar participant must keep the registrar role' },
  last_key: { status: 422, title: 'A participant must keep at least one key' },
  supplier_identity_unverified: {
    status: 422,
    title: 'Recycled material bought from an individual needs identity-check evidence (Scrap Metal Dealers Act 2013 s.13)',
  },
  same_site_transfer: { status: 422, title: 'The batch is already at that site of that participant' },
  insufficient_mass: { status: 422, title: 'More grams requested than the batch holds' },
  split_whole_batch: { status: 422, title: 'A split must leave grams behind; move the whole batch without split' },
  receive_exceeds_sent: { status: 422, title: 'More grams received than were sent' },
  input_not_at_site: { status: 422, title: "A transform input must be held at the transform's site (move it there by batch.transfer first)" },
  duplicate_constituent: { status: 422, title: 'A material appears twice among the constituents' },
  constituents_not_summing: { status: 422, title: 'The constituents do not sum to the massG of their batch' },
  constituent_exceeds_pool: { status: 422, title: 'A constituent needs more grams of its material than remain in the pool' },
  outputs_exceed_inputs: { status: 422, title: 'Outputs of a transform weigh more than its inputs' },
  allocation_partial: { status: 422, title: 'Within one transform either every output carries allocation or none does' },
  allocation_mismatch: { status: 422, title: "An output's allocation does not sum to its massG" },
  over_allocation: { status: 422, title: 'An allocation takes more of a part than remains in the pool' },
  export_to_home_country: { status: 422, title: 'An export destination must be outside the home country' },
  adjust_not_downwards: { status: 422, title: 'An adjustment may only lower the mass' },
  corrects_not_earlier: { status: 422, title: '`corrects` must name an earlier entry' },
} as const;
