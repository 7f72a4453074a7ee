import { z } from 'zod';
import { canonicalObject } from './canonical-object.js';
import type { Envelope } from './entry.js';
import { TallyError } from './errors/tally-error.js';
import { fieldsAt, unknownFieldMessage } from './field-hints.js';
import {
  codeSchema,
  countrySchema,
  formSchema,
  freeText,
  idSchema,
  keyIdSchema,
  label,
  LOG_ACTOR,
  massGSchema,
  materialSchema,
  originKindSchema,
  originSchema,
  participantIdSchema,
  publicKeySchema,
  REGISTRAR_ID,
  roleSchema,
  seqSchema,
  sha256HexSchema,
  signatureSchema,
  timestampSchema,
  uriSchema,
  verifierKeySchema,
  wordSchema,
} from './primitives.js';

/**
 * Every signed event of SPEC section 3, strict: an unknown field, a float, an unsafe integer or an
 * ill-formed string is refused with the path of the offending field. State rules (does the batch
 * exist, is the actor its custodian) are the custody model's; these schemas check shape only,
 * including uniqueness inside one event (two sites with one id), which needs no state.
 */

/** Bounds on list lengths keep one event small enough to validate and store in one step. */
const MAX_LIST = 256;
const MAX_KEYS = 16;
const MAX_EVIDENCE = 32;

/** The evidence kind that carries the Scrap Metal Dealers Act 2013 s.13 identity check. */
export const IDENTITY_CHECK_EVIDENCE = 'identity-check';

const evidenceSchema = canonicalObject({
  kind: wordSchema.describe('Kind of document, e.g. weighbridge-ticket, identity-check'),
  sha256: sha256HexSchema.describe('SHA-256 of the document, which stays off the ledger'),
  uri: uriSchema.optional(),
})
  .describe('A document referenced by hash');

/** Refines a list so that `keyOf` is unique, reporting the path of the first repeat. */
function uniqueBy<T>(keyOf: (item: T) => string, what: string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const key = keyOf(item);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `duplicate ${what} ${key}`, path: [index] });
      seen.add(key);
    });
  };
}

function uniqueList<T extends z.ZodType>(item: T, max: number, keyOf: (value: z.infer<T>) => string, what: string) {
  return z.array(item).max(max).superRefine(uniqueBy(keyOf, what));
}

/** Fields every event carries (SPEC 3), `type` and `actor` excepted. */
const commonFields = {
  v: z.literal(1).describe('Protocol version'),
  ledger: originSchema.describe('Origin of the log this event is signed for'),
  id: idSchema.describe('Client-chosen event id, unique in the ledger'),
  at: timestampSchema.describe("When it happened, by the actor's clock; at most 5 minutes ahead of the server"),
  evidence: z.array(evidenceSchema).max(MAX_EVIDENCE).optional().describe('Documents referenced by hash'),
  note: freeText(1000).optional().describe('Free text, at most 1000 characters; no personal data'),
};

const participantActor = participantIdSchema.describe('Participant id of the signer');

function eventSchema<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return canonicalObject({ ...commonFields, type: z.literal(type), actor: participantActor, ...shape });
}

const siteSchema = canonicalObject({
  id: idSchema.describe('Site id, unique within its participant'),
  name: label(200).describe('Site name'),
  country: countrySchema.describe('Where the site is; decides whether custody there is at home or abroad'),
})
  .describe('A site of a participant');

const sitesSchema = uniqueList(siteSchema, MAX_LIST, (site) => site.id, 'site id').describe('Sites, ids unique');
const rolesSchema = uniqueList(roleSchema, 8, (role) => role, 'role').min(1).describe('Roles, at least one');
const newKeysSchema = uniqueList(publicKeySchema, MAX_KEYS, (key) => key, 'key');

// ---- 3.1 Ledger and participants ----

export const genesisEventSchema = canonicalObject({
  ...commonFields,
  type: z.literal('ledger.genesis'),
  actor: z.literal(LOG_ACTOR).describe('Always "log": genesis is written by the server'),
  homeCountry: countrySchema.describe("The ledger's jurisdiction"),
  logKey: verifierKeySchema,
  registrar: canonicalObject({
    id: z.literal(REGISTRAR_ID).describe('Always "registrar"'),
    name: label(200).describe('Registrar name'),
    country: countrySchema,
    keys: newKeysSchema.min(1).describe("The registrar's public keys"),
  }),
});

const participantShape = {
  id: participantIdSchema,
  name: label(200).describe('Name of the organisation'),
  roles: rolesSchema,
  country: countrySchema.describe('Country of the organisation'),
  sites: sitesSchema,
};

export const participantRegisterSchema = eventSchema('participant.register', {
  participant: canonicalObject({ ...participantShape, keys: newKeysSchema.min(1).describe('Public keys, at least one') }),
});

/** Keys are changed only by `participant.keys`, so an update carries none. */
export const participantUpdateSchema = eventSchema('participant.update', {
  participant: canonicalObject(participantShape).describe('Replaces name, roles, country and sites'),
});

export const participantKeysSchema = eventSchema('participant.keys', {
  participant: participantIdSchema.describe('Whose keys change'),
  add: newKeysSchema.describe('Public keys to add'),
  revoke: uniqueList(keyIdSchema, MAX_KEYS, (keyId) => keyId, 'keyId').describe('Key ids to revoke from this log position on'),
}).refine((e) => e.add.length + e.revoke.length > 0, { message: 'add or revoke at least one key', path: ['add'] });

/**
 * Extends the material vocabulary (docs/protocol-notes.md, "Material vocabulary", a project extension):
 * only the registrar may, so no participant can mint counter keys at will.
 */
export const ledgerMaterialsSchema = eventSchema('ledger.materials', {
  add: uniqueList(materialSchema, 64, (material) => material, 'material').min(1).describe('Materials added to the vocabulary'),
});

// ---- 3.2 Batches ----

/**
 * SPEC 4.1: what a batch holds, constituent by constituent. Distinct materials summing to the
 * batch's `massG`; both rules are the custody model's (`duplicate_constituent`,
 * `constituents_not_summing`), so each refusal has its own stable code.
 */
const constituentsSchema = z
  .array(canonicalObject({ material: materialSchema.describe('The constituent, or `other`'), massG: massGSchema }))
  .min(1)
  .max(MAX_LIST)
  .describe('Constituents (SPEC 4.1): distinct materials summing to massG; absent, the batch is all its own material');

const splitSchema = canonicalObject({ id: idSchema.describe('Id of the new batch split off'), massG: massGSchema })
  .describe('Split off a new batch of massG grams; the rest stays');

export const batchRegisterSchema = eventSchema('batch.register', {
  batch: canonicalObject({
    id: idSchema.describe('New batch id'),
    material: materialSchema,
    form: formSchema,
    grade: label(64).optional().describe('Grade, e.g. ISRI name or alloy designation'),
    massG: massGSchema,
    site: idSchema.describe("One of the actor's sites"),
    constituents: constituentsSchema.optional(),
  }),
  origin: canonicalObject({ kind: originKindSchema, country: countrySchema.describe('Country of origin') }),
  supplier: canonicalObject({
    kind: z.enum(['individual', 'business']).describe('Who sold the material'),
    ref: z.string().describe('For an individual, a salted SHA-256 commitment (64 hex); for a business, an id'),
  })
    .superRefine((supplier, ctx) => {
      // A person is referenced only by a commitment: a name or other personal data cannot fit.
      const ok = supplier.kind === 'individual' ? /^[0-9a-f]{64}$/.test(supplier.ref) : idSchema.safeParse(supplier.ref).success;
      if (!ok) {
        const expected = supplier.kind === 'individual' ? 'a salted SHA-256 commitment in 64 lowercase hex digits' : 'an id';
        ctx.addIssue({ code: 'custom', message: `supplier.ref must be ${expected}`, path: ['ref'] });
      }
    })
    .optional(),
});

export const batchTransferSchema = eventSchema('batch.transfer', {
  batch: idSchema.describe('Batch to send'),
  to: participantIdSchema.describe('Recipient participant'),
  toSite: idSchema.describe("One of the recipient's sites"),
  split: splitSchema.optional(),
});

export const batchReceiveSchema = eventSchema('batch.receive', {
  batch: idSchema.describe('Batch in transit to the actor'),
  massG: massGSchema.describe('Mass received, at most the mass sent; the difference is transit loss'),
});

export const batchRejectSchema = eventSchema('batch.reject', {
  batch: idSchema.describe('Batch in transit'),
  reason: label(1000).describe('Why it is refused or recalled'),
});

const allocationPartSchema = canonicalObject({
  material: materialSchema.optional().describe("The constituent; absent, the output's own material (as in protocol 1.0)"),
  kind: originKindSchema,
  country: countrySchema.describe('Country of origin'),
  massG: massGSchema,
})
  .describe('One allocated part');

const allocationSchema = uniqueList(allocationPartSchema, MAX_LIST, (part) => `${part.material ?? ''}/${part.kind}/${part.country}`, 'allocation part')
  .min(1)
  .describe('Mass-balance allocation (ISO 22095): exactly these parts, summing to massG');

export const batchTransformSchema = eventSchema('batch.transform', {
  process: label(200).describe('Process, e.g. remelt, rod rolling, refining'),
  site: idSchema.describe("The actor's site where it happens"),
  inputs: uniqueList(
    canonicalObject({ batch: idSchema, massG: massGSchema.describe('Grams consumed from this input') }),
    MAX_LIST,
    (input) => input.batch,
    'input batch',
  ).min(1),
  outputs: uniqueList(
    canonicalObject({
      id: idSchema.describe('New batch id'),
      material: materialSchema,
      form: formSchema,
      grade: label(64).optional(),
      massG: massGSchema,
      constituents: constituentsSchema.optional(),
      allocation: allocationSchema.optional(),
    }).refine((output) => output.constituents === undefined || output.allocation === undefined, {
      message: 'an output with allocation carries no constituents (its constituents are its allocation materials)',
      path: ['constituents'],
    }),
    MAX_LIST,
    (output) => output.id,
    'output id',
  ).min(1),
});

export const batchExportSchema = eventSchema('batch.export', {
  batch: idSchema,
  split: splitSchema.optional(),
  destination: canonicalObject({
    country: countrySchema.describe('Destination country, not the home country'),
    consignee: label(200).describe('Receiving organisation'),
    facility: label(200).optional().describe('Receiving facility'),
    recoveryCode: z.string().regex(/^[RD][0-9]{1,2}$/, 'recovery code must be R1-R13 or D1-D15 style').optional().describe('Basel Annex IV recovery or disposal code'),
  }),
  wasteCode: canonicalObject({ scheme: z.enum(['basel', 'ewc', 'oecd']), code: codeSchema.describe('Waste code, e.g. B1010') })
    .optional(),
  reference: label(200).optional().describe('Shipment reference, e.g. Annex VII form number'),
});

export const RETIRE_REASONS = ['incorporated', 'lost', 'landfilled'] as const;

export const batchRetireSchema = eventSchema('batch.retire', {
  batch: idSchema,
  massG: massGSchema.optional().describe('Grams retired; the whole batch when absent'),
  reason: z.enum(RETIRE_REASONS),
  product: canonicalObject({ sku: label(128), name: label(200) }).optional().describe('Product the metal went into'),
});

export const batchAdjustSchema = eventSchema('batch.adjust', {
  batch: idSchema,
  massG: massGSchema.describe('Corrected mass, below the current one'),
  reason: label(1000),
  corrects: seqSchema.optional().describe('Seq of the entry whose weight this corrects'),
});

export const batchAttestSchema = eventSchema('batch.attest', {
  batch: idSchema,
  kind: z.enum(['assay', 'certificate', 'inspection']),
  sha256: sha256HexSchema.describe('SHA-256 of the attested document'),
  summary: label(1000).optional(),
});

/** Every event type, each named for the OpenAPI document. */
export const eventSchemaUnion = z
  .discriminatedUnion('type', [
    genesisEventSchema.meta({ id: 'GenesisEvent' }),
    participantRegisterSchema.meta({ id: 'ParticipantRegisterEvent' }),
    participantUpdateSchema.meta({ id: 'ParticipantUpdateEvent' }),
    participantKeysSchema.meta({ id: 'ParticipantKeysEvent' }),
    ledgerMaterialsSchema.meta({ id: 'LedgerMaterialsEvent' }),
    batchRegisterSchema.meta({ id: 'BatchRegisterEvent' }),
    batchTransferSchema.meta({ id: 'BatchTransferEvent' }),
    batchReceiveSchema.meta({ id: 'BatchReceiveEvent' }),
    batchRejectSchema.meta({ id: 'BatchRejectEvent' }),
    batchTransformSchema.meta({ id: 'BatchTransformEvent' }),
    batchExportSchema.meta({ id: 'BatchExportEvent' }),
    batchRetireSchema.meta({ id: 'BatchRetireEvent' }),
    batchAdjustSchema.meta({ id: 'BatchAdjustEvent' }),
    batchAttestSchema.meta({ id: 'BatchAttestEvent' }),
  ])
  .describe('A signed event (SPEC 3), one of the types by `type`');

export type GenesisEvent = z.infer<typeof genesisEventSchema>;
export type ParticipantRegisterEvent = z.infer<typeof participantRegisterSchema>;
export type ParticipantUpdateEvent = z.infer<typeof participantUpdateSchema>;
export type ParticipantKeysEvent = z.infer<typeof participantKeysSchema>;
export type LedgerMaterialsEvent = z.infer<typeof ledgerMaterialsSchema>;
export type BatchRegisterEvent = z.infer<typeof batchRegisterSchema>;
export type BatchTransferEvent = z.infer<typeof batchTransferSchema>;
export type BatchReceiveEvent = z.infer<typeof batchReceiveSchema>;
export type BatchRejectEvent = z.infer<typeof batchRejectSchema>;
export type BatchTransformEvent = z.infer<typeof batchTransformSchema>;
export type BatchExportEvent = z.infer<typeof batchExportSchema>;
export type BatchRetireEvent = z.infer<typeof batchRetireSchema>;
export type BatchAdjustEvent = z.infer<typeof batchAdjustSchema>;
export type BatchAttestEvent = z.infer<typeof batchAttestSchema>;
export type TallyEvent = z.infer<typeof eventSchemaUnion>;
export type EventType = TallyEvent['type'];

export const envelopeSchema = canonicalObject({
  event: eventSchemaUnion,
  keyId: keyIdSchema.describe('Id of the signing key, one of the actor’s keys valid at this log position'),
  sig: signatureSchema.describe('Ed25519 signature over "tally/event/v1\\n" || JCS(event)'),
})
  .meta({ id: 'Envelope', description: 'A signed event as a client submits it (SPEC 3)' });

/** The path of a zod issue, with an unknown key appended so the path names the bad field itself. */
function issuePath(issue: z.core.$ZodIssue): Array<string | number> {
  const path = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path.push(issue.keys[0]!);
  return path;
}

/**
 * Parses a submitted envelope (any JSON value from outside) into a typed one. The result holds the
 * same values as the input (no defaults, no coercion), so its JCS is the JCS of what was signed.
 * @throws TallyError `invalid_event` with the path of the first offending field, e.g.
 *   `['event', 'batch', 'massG']`.
 * @example parseEnvelope(JSON.parse(body)).event.type // 'batch.transfer'
 */
export function parseEnvelope(json: unknown): Envelope<TallyEvent> {
  const result = envelopeSchema.safeParse(json);
  if (!result.success) {
    // An unknown field usually explains a missing one (`mass` written for `massG`): name it first.
    const issues = result.error.issues;
    const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
    const path = issuePath(issue);
    const message =
      issue.code === 'unrecognized_keys' && issue.keys.length > 0
        ? unknownFieldMessage(issue.keys[0]!, fieldsAt(envelopeSchema, json, issue.path as Array<string | number>))
        : issue.message;
    throw new TallyError('invalid_event', `${path.length > 0 ? path.join('.') + ': ' : ''}${message}`, path);
  }
  return result.data;
}
