import { z } from 'zod';
import { RETIRE_REASONS } from './events.js';
import { OTHER_MATERIAL } from './materials.js';
import { decimalOfDouble, DOUBLE_EXACT_DIGITS, MAX_DECIMAL_DIGITS, parseDecimal } from './decimal.js';
import {
  batchStatusSchema,
  countrySchema,
  daySchema,
  formSchema,
  gramsTotalSchema,
  idSchema,
  keyIdSchema,
  label,
  massGSchema,
  massOrZeroGSchema,
  materialSchema,
  originSchema,
  partSchema,
  publicKeySchema,
  roleSchema,
  seqSchema,
  timestampSchema,
  verifierKeySchema,
} from './primitives.js';

/**
 * The custody state the ledger keeps (under `meta/`, `p/`, `b/`) and the views the API returns
 * (SPEC section 6, field names exactly as there; responses may carry more). State is written
 * only by the custody rules; the schemas document it and let tests and the SDK check it.
 */

// ---- Stored state ----

export const ledgerMetaSchema = z.strictObject({
  origin: originSchema,
  homeCountry: countrySchema.describe("The ledger's jurisdiction"),
  logKey: verifierKeySchema,
});
export type LedgerMeta = z.infer<typeof ledgerMetaSchema>;

export const siteStateSchema = z.strictObject({ id: idSchema, name: label(200), country: countrySchema });
export type SiteState = z.infer<typeof siteStateSchema>;

export const participantKeyStateSchema = z
  .strictObject({
    keyId: keyIdSchema,
    publicKey: publicKeySchema,
    addedSeq: seqSchema.describe('Entry that added the key; it signs entries after this one'),
    revokedSeq: seqSchema.optional().describe('Entry that revoked it; it signs no entry after this one'),
  })
  .meta({ id: 'ParticipantKey' });
export type ParticipantKeyState = z.infer<typeof participantKeyStateSchema>;

export const participantStateSchema = z
  .strictObject({
    id: idSchema,
    name: label(200),
    roles: z.array(roleSchema),
    country: countrySchema,
    sites: z.array(siteStateSchema),
    keys: z.array(participantKeyStateSchema).describe('Every key ever registered, in order, with the seqs bounding its validity'),
    registeredSeq: seqSchema,
  })
  .meta({ id: 'Participant', description: 'A participant of the public directory' });
export type ParticipantState = z.infer<typeof participantStateSchema>;

/** A transfer under way; kept on the moving batch until it is received or rejected. */
export const transitStateSchema = z.strictObject({
  seq: seqSchema.describe('Entry of the batch.transfer'),
  at: timestampSchema,
  from: idSchema,
  fromSite: idSchema,
  fromCountry: countrySchema,
  to: idSchema,
  toSite: idSchema,
  toCountry: countrySchema,
  massG: massGSchema,
  /** True when the transfer counted as an export (home site to foreign site): a reject withdraws it. */
  exportCounted: z.boolean(),
  /** The batch's `everExported` before the transfer, restored by a reject. */
  everExportedBefore: z.boolean(),
});
export type TransitState = z.infer<typeof transitStateSchema>;

export const batchStateSchema = z.strictObject({
  id: idSchema,
  material: materialSchema,
  form: formSchema,
  grade: label(64).optional(),
  massG: massOrZeroGSchema.describe('Current mass; for an exported or retired batch, the mass that left the ledger'),
  status: batchStatusSchema,
  custodian: idSchema,
  site: idSchema,
  composition: z.array(partSchema),
  custodyCountries: z.array(countrySchema),
  mixed: z.boolean(),
  allocated: z.boolean(),
  /** Descends from a transform: its home-origin scrap has already counted as processed. */
  processed: z.boolean(),
  /** It or an ancestor left the home country (explicit export or transfer to a foreign site). */
  everExported: z.boolean(),
  createdSeq: seqSchema,
  transit: transitStateSchema.optional(),
  exportedTo: countrySchema.optional(),
  retiredReason: z.enum(RETIRE_REASONS).optional(),
});
export type BatchState = z.infer<typeof batchStateSchema>;

// ---- API views ----

export const compositionSchema = z
  .array(partSchema)
  .describe('Parts sorted by material, kind, then country, no zero parts, summing to the batch mass');

export const batchViewSchema = z
  .object({
    id: idSchema,
    material: materialSchema,
    form: formSchema,
    grade: z.string().optional(),
    massG: massOrZeroGSchema,
    status: batchStatusSchema,
    custodian: idSchema.describe('Participant holding it (the sender while in transit)'),
    site: idSchema,
    composition: compositionSchema,
    custodyCountries: z.array(countrySchema).describe('Countries of every site where it or an ancestor was held or processed'),
    mixed: z.boolean().describe('Some ancestor transform had more than one input batch'),
    allocated: z.boolean().describe('Some ancestor transform used mass-balance allocation'),
    transit: z
      .object({ to: idSchema, toSite: idSchema, massG: massGSchema })
      .optional()
      .describe('The pending transfer, while in transit'),
  })
  .meta({ id: 'Batch', description: 'Batch state with composition and flags' });
export type BatchView = z.infer<typeof batchViewSchema>;

export const CUSTODY_MODELS = ['identity-preserved', 'mass-balance', 'segregated', 'controlled-blending'] as const;
export const custodyModelSchema = z.enum(CUSTODY_MODELS).describe('Chain-of-custody model (SPEC 4)');
export type CustodyModel = z.infer<typeof custodyModelSchema>;

const shareSchema = z.number().min(0).max(1);

export const countryMassSchema = z.object({ country: countrySchema, massG: massOrZeroGSchema });

/** SPEC 4.1: the figures of one constituent, over that constituent's grams. */
export const materialFiguresSchema = z
  .object({
    material: materialSchema,
    massG: massOrZeroGSchema,
    recycledG: massOrZeroGSchema,
    preConsumerG: massOrZeroGSchema,
    postConsumerG: massOrZeroGSchema,
    homeOriginG: massOrZeroGSchema,
    homeRecycledG: massOrZeroGSchema,
  })
  .meta({ id: 'MaterialFigures', description: "Figures of one constituent (SPEC 4.1), over that constituent's grams" });
export type MaterialFigures = z.infer<typeof materialFiguresSchema>;

export const provenanceSchema = z
  .object({
    batch: idSchema,
    massG: massOrZeroGSchema.describe('The batch mass'),
    countedG: massOrZeroGSchema.describe('Grams the whole-batch figures and shares are over: the batch mass without constituent `other` (SPEC 4.1)'),
    recycledG: massOrZeroGSchema,
    preConsumerG: massOrZeroGSchema,
    postConsumerG: massOrZeroGSchema,
    homeOriginG: massOrZeroGSchema,
    homeRecycledG: massOrZeroGSchema,
    shares: z
      .object({
        recycled: shareSchema,
        preConsumer: shareSchema,
        postConsumer: shareSchema,
        homeOrigin: shareSchema,
        homeRecycled: shareSchema,
      })
      .describe('Each figure divided by countedG (0 when countedG is 0)'),
    byCountry: z.array(countryMassSchema).describe('Grams by origin country, sorted by country, `other` left out'),
    byMaterial: z.array(materialFiguresSchema).describe('Figures per constituent, sorted by material (`other` included)'),
    composition: compositionSchema,
    custodyCountries: z.array(countrySchema),
    mixed: z.boolean(),
    allocated: z.boolean(),
    model: custodyModelSchema.describe('Model of a recycled-content claim on this batch'),
    lineage: z.array(seqSchema).describe('Seqs of every entry touching the batch or an ancestor, ascending'),
  })
  .meta({ id: 'Provenance', description: 'Figures of SPEC section 4 and the lineage of a batch' });
export type Provenance = z.infer<typeof provenanceSchema>;

export const lineageNodeSchema = z.object({
  id: idSchema,
  material: materialSchema,
  form: formSchema,
  massG: massOrZeroGSchema,
  status: batchStatusSchema,
  custodian: idSchema,
});

export const lineageEdgeSchema = z.object({
  from: idSchema.describe('Parent batch'),
  to: idSchema.describe('Child batch'),
  seq: seqSchema.describe('Entry that links them'),
  type: z.enum(['batch.transfer', 'batch.transform', 'batch.export']).describe('Event type of that entry'),
});
export type LineageEdge = z.infer<typeof lineageEdgeSchema>;

export const lineageDirectionSchema = z.enum(['up', 'down']);

export const lineageSchema = z
  .object({
    batch: idSchema,
    direction: lineageDirectionSchema,
    nodes: z.array(lineageNodeSchema).describe('The batch and its ancestors (up) or descendants (down)'),
    edges: z.array(lineageEdgeSchema),
  })
  .meta({ id: 'Lineage', description: 'Graph of batches and the entries linking them' });
export type Lineage = z.infer<typeof lineageSchema>;

export const SHARE_CLAIM_KINDS = ['recycled', 'pre-consumer', 'post-consumer', 'home-origin', 'home-recycled'] as const;
export const BOOLEAN_CLAIM_KINDS = ['home-processed', 'not-exported'] as const;
export const claimKindSchema = z.enum([...SHARE_CLAIM_KINDS, ...BOOLEAN_CLAIM_KINDS]);
export type ClaimKind = z.infer<typeof claimKindSchema>;

/**
 * A claimed share, compared exactly as written (issue 9, item 12): a decimal string of any length
 * up to MAX_DECIMAL_DIGITS digits, or a JSON number. Over HTTP the server reads a number's own text
 * from the request, so both are exact; a number handed over in process is taken as the decimal of
 * at most 15 significant digits it came from, and one that needs more is refused.
 */
const atLeastSchema = z
  .union([
    z
      .number()
      .min(0)
      .max(1)
      .refine((x) => decimalOfDouble(x) !== undefined, {
        message: `a number with more than ${DOUBLE_EXACT_DIGITS} significant digits cannot be compared exactly; send atLeast as a decimal string`,
      }),
    z
      .string()
      .max(MAX_DECIMAL_DIGITS + 16)
      .refine((text) => {
        const exact = parseDecimal(text);
        return exact !== undefined && exact.numerator >= 0n && exact.numerator <= exact.denominator;
      }, { message: `atLeast must be a decimal from 0 to 1 in JSON number syntax, at most ${MAX_DECIMAL_DIGITS} digits` }),
  ])
  .describe('Share from 0 to 1, compared exactly with the decimal as written: a JSON number or a decimal string ("0.681818181818181819")');

export const claimSchema = z
  .strictObject({
    kind: claimKindSchema,
    material: materialSchema
      .refine((m) => m !== OTHER_MATERIAL, 'no claim is about constituent other')
      .optional()
      .describe('The constituent the share is over (SPEC 4.1); absent, the batch without `other`'),
    atLeast: atLeastSchema.optional(),
  })
  .superRefine((claim, ctx) => {
    const isShare = (SHARE_CLAIM_KINDS as readonly string[]).includes(claim.kind);
    if (isShare && claim.atLeast === undefined) ctx.addIssue({ code: 'custom', message: `${claim.kind} needs atLeast`, path: ['atLeast'] });
    if (!isShare && claim.atLeast !== undefined) ctx.addIssue({ code: 'custom', message: `${claim.kind} takes no atLeast`, path: ['atLeast'] });
    if (!isShare && claim.material !== undefined) ctx.addIssue({ code: 'custom', message: `${claim.kind} is about the whole batch and takes no material`, path: ['material'] });
  });
export type Claim = z.infer<typeof claimSchema>;

export const claimsRequestSchema = z
  .strictObject({
    batch: idSchema,
    claims: z
      .array(claimSchema)
      .min(1)
      .max(32),
  })
  .meta({ id: 'ClaimsRequest', description: 'Claims to check against a batch' });
export type ClaimsRequest = z.infer<typeof claimsRequestSchema>;

export const claimResultSchema = z.object({
  kind: claimKindSchema,
  material: materialSchema.optional(),
  atLeast: z.number().optional(),
  holds: z.boolean(),
  share: shareSchema
    .optional()
    .describe('The figure as a share of the batch without `other`, or of the named constituent (share claims only; absent when the batch holds none of it)'),
  model: custodyModelSchema,
});
export type ClaimResult = z.infer<typeof claimResultSchema>;

export const claimsResponseSchema = z
  .object({ batch: idSchema, results: z.array(claimResultSchema) })
  .meta({ id: 'ClaimsResponse' });
export type ClaimsResponse = z.infer<typeof claimsResponseSchema>;

/** A report's constituent filter (SPEC 4.1): `cobalt` counts the cobalt in every batch; `other` is counted by none. */
const reportMaterialSchema = materialSchema
  .refine((m) => m !== OTHER_MATERIAL, 'reports do not count constituent other')
  .describe('A constituent: counts its grams in every batch, whatever the batch is');

export const retentionQuerySchema = z.strictObject({
  material: reportMaterialSchema.optional(),
  from: daySchema.optional().describe('First UTC day included (by the `at` of the counted events)'),
  to: daySchema.optional().describe('Last UTC day included'),
});
export type RetentionQuery = z.infer<typeof retentionQuerySchema>;

export const retentionReportSchema = z
  .object({
    homeCountry: countrySchema,
    material: materialSchema.optional(),
    from: daySchema.optional(),
    to: daySchema.optional(),
    registeredG: gramsTotalSchema.describe('Home-origin recycled grams registered'),
    exportedG: gramsTotalSchema.describe('Home-origin recycled grams that left the home country'),
    exportedByCountry: z.record(z.string(), gramsTotalSchema).describe('exportedG by destination country'),
    exportedAsScrapG: gramsTotalSchema.describe('exportedG in batches of form scrap'),
    exportedAfterProcessingG: gramsTotalSchema.describe('exportedG in batches of any other form'),
    processedAtHomeG: gramsTotalSchema.describe('Home-origin recycled grams entering their first transform at a home site'),
    lostG: gramsTotalSchema.describe('Home-origin recycled grams lost or landfilled at home, or lost in transit between home sites'),
  })
  .meta({ id: 'RetentionReport', description: 'Home-origin scrap: registered, exported, processed at home, lost' });
export type RetentionReport = z.infer<typeof retentionReportSchema>;

export const concentrationQuerySchema = z.strictObject({
  participant: idSchema,
  material: reportMaterialSchema.optional(),
});
export type ConcentrationQuery = z.infer<typeof concentrationQuerySchema>;

export const concentrationReportSchema = z
  .object({
    participant: idSchema,
    material: materialSchema.optional(),
    receivedG: gramsTotalSchema.describe('Grams the participant received from others'),
    byCountry: z
      .array(z.object({ country: countrySchema, massG: gramsTotalSchema, share: shareSchema }))
      .describe('Received grams by origin country, sorted by country'),
    flagged: z.array(countrySchema).describe('Countries whose share is above 60%'),
  })
  .meta({ id: 'ConcentrationReport', description: 'Origin-country shares of what a participant received' });
export type ConcentrationReport = z.infer<typeof concentrationReportSchema>;

/**
 * EU Battery Regulation 2023/1542 Article 8 minimum recycled content, as SPEC 4.1 names it: the
 * share of each material recovered from waste, from 18 August 2031 and from 18 August 2036.
 * Targets are decimals as written (compared exactly, see custody-model.ts).
 */
export const BATTERY_RECYCLED_CONTENT_TARGETS = [
  { year: 2031, material: 'cobalt', atLeast: 0.16 },
  { year: 2031, material: 'lead', atLeast: 0.85 },
  { year: 2031, material: 'lithium', atLeast: 0.06 },
  { year: 2031, material: 'nickel', atLeast: 0.06 },
  { year: 2036, material: 'cobalt', atLeast: 0.26 },
  { year: 2036, material: 'lead', atLeast: 0.85 },
  { year: 2036, material: 'lithium', atLeast: 0.12 },
  { year: 2036, material: 'nickel', atLeast: 0.15 },
] as const;

export const batteryRecycledContentSchema = z
  .object({
    batch: idSchema,
    regulation: z.literal('EU 2023/1542 Article 8'),
    lines: z
      .array(
        z.object({
          year: z.union([z.literal(2031), z.literal(2036)]).describe('The target applies from 18 August of this year'),
          material: materialSchema,
          target: shareSchema.describe('Minimum recycled share of the material'),
          massG: massOrZeroGSchema.describe("The batch's grams of the material"),
          recycledG: massOrZeroGSchema.describe('Of which recycled (pre- or post-consumer)'),
          share: shareSchema,
          holds: z.boolean(),
          model: custodyModelSchema,
        }),
      )
      .describe('One line per Article 8 material the batch contains and year, sorted by year then material'),
    absent: z.array(materialSchema).describe('Article 8 materials the batch does not contain (no line: nothing to meet)'),
  })
  .meta({ id: 'BatteryRecycledContent', description: 'EU Battery Regulation Article 8 recycled-content lines of a batch (SPEC 4.1)' });
export type BatteryRecycledContent = z.infer<typeof batteryRecycledContentSchema>;

export const dependencyQuerySchema = z.strictObject({
  material: reportMaterialSchema.optional().describe('One material; absent: every material received, and all of them together'),
});
export type DependencyQuery = z.infer<typeof dependencyQuerySchema>;

const dependencyFiguresSchema = z.object({
  material: z.string().describe('The material, or `_all` for every material together'),
  receivedG: gramsTotalSchema.describe('Grams that participants of the home country received from others'),
  recycledG: gramsTotalSchema.describe('The pre- and post-consumer grams among them'),
  recycledShare: shareSchema.describe('recycledG / receivedG (0 when nothing was received)'),
  byCountry: z
    .array(z.object({ country: countrySchema, massG: gramsTotalSchema, share: shareSchema }))
    .describe('Received grams by origin country, largest share first, ties by country'),
  flagged: z.array(countrySchema).describe('Countries whose share is above the single-country cap'),
  meetsRecycledTarget: z.boolean().describe('recycledG / receivedG >= the recycled target (exact); false when nothing was received'),
});
export type DependencyFigures = z.infer<typeof dependencyFiguresSchema>;

export const dependencyReportSchema = z
  .object({
    homeCountry: countrySchema,
    lines: z
      .object({
        year: z.int().describe('The year the lines are set for'),
        maxSingleCountryShare: shareSchema.describe('No more than this share of a material from one country'),
        minRecycledShare: shareSchema.describe('At least this share of demand from recycling'),
      })
      .describe('UK Critical Minerals Strategy 2035 lines'),
    materials: z.array(dependencyFiguresSchema).describe('Per material in byte order, then `_all` when no material was asked for'),
  })
  .meta({ id: 'DependencyReport', description: 'National dependency: origin-country shares and recycled share of what home participants received' });
export type DependencyReport = z.infer<typeof dependencyReportSchema>;

export const holdingStatusSchema = batchStatusSchema;

export const holdingsQuerySchema = z.strictObject({
  holder: idSchema.describe('The participant whose batches are listed'),
  status: holdingStatusSchema
    .optional()
    .describe('Only batches of this status; absent: what the holder holds now (active, and in transit from or to it)'),
  after: idSchema.optional().describe('Page cursor: the `next` of the previous page'),
  limit: z
    .union([z.number().int(), z.string().regex(/^[1-9][0-9]{0,2}$/, 'expected an integer from 1 to 500')])
    .transform(Number)
    .pipe(z.number().int().min(1).max(500))
    .default(100),
});
export type HoldingsQuery = z.infer<typeof holdingsQuerySchema>;

export const holdingsPageSchema = z
  .object({
    holder: idSchema,
    batches: z.array(batchViewSchema).describe('In batch id order'),
    next: idSchema.optional().describe('Present when there may be more: pass it as `after`'),
  })
  .meta({ id: 'HoldingsPage', description: "A page of the batches a participant holds or has in transit to it" });
export type HoldingsPage = z.infer<typeof holdingsPageSchema>;
