import { z } from 'zod';
import { errorCodes } from './errors/index.js';
import { eventSchemaUnion } from './events.js';
import { lineageDirectionSchema, participantStateSchema } from './state.js';

/**
 * Request and response shapes of the HTTP API's log endpoints (SPEC sections 5 and 6). The
 * custody views live in state.ts; the OpenAPI document is generated from both.
 */

const hashHex = z.string().regex(/^[0-9a-f]{64}$/).describe('SHA-256, lowercase hex');
/**
 * A non-negative integer in a query string: plain decimal digits only (no `0x10`, `1e1` or empty
 * string, which a bare coercion would accept), or a number when the value did not come from a URL.
 */
const count = z
  .union([z.number().int(), z.string().regex(/^(0|[1-9][0-9]{0,15})$/, 'expected a non-negative decimal integer')])
  .transform(Number)
  .pipe(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER));

export const logInfoSchema = z
  .object({
    origin: z.string().describe("The log's origin: first line of its checkpoints, `ledger` field of its events"),
    homeCountry: z.string().describe('ISO 3166-1 alpha-2 home country fixed at genesis'),
    logKey: z.string().describe('C2SP verifier key string of the log key'),
    size: z.number().int().describe('Number of entries'),
    rootHash: hashHex.describe('RFC 6962 root over the entries'),
  })
  .meta({ id: 'LogInfo' });

export const inclusionQuerySchema = z.strictObject({ seq: count, size: count });
export const inclusionProofSchema = z
  .object({ seq: z.number().int(), size: z.number().int(), leafHash: hashHex, proof: z.array(hashHex) })
  .meta({ id: 'InclusionProof', description: 'RFC 9162 inclusion proof of entry `seq` in the tree of `size` entries' });

export const consistencyQuerySchema = z.strictObject({ from: count, to: count });
export const consistencyProofSchema = z
  .object({ from: z.number().int(), to: z.number().int(), proof: z.array(hashHex) })
  .meta({ id: 'ConsistencyProof', description: 'RFC 9162 consistency proof between the trees of `from` and `to` entries' });

export const entriesQuerySchema = z.strictObject({
  from: count.default(0),
  limit: z
    .union([z.number().int(), z.string().regex(/^[1-9][0-9]{0,3}$/, 'expected an integer from 1 to 1000')])
    .transform(Number)
    .pipe(z.number().int().min(1).max(1000))
    .default(100),
});

export const appendResultSchema = z
  .object({ seq: z.number().int(), hash: hashHex.describe('Entry hash (RFC 6962 leaf hash of its JCS)') })
  .meta({ id: 'AppendResult' });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(errorCodes as [string, ...string[]]).describe('Stable machine-readable code; match on this, never on the text'),
    detail: z.string(),
    path: z.array(z.union([z.string(), z.number()])).optional().describe('Where in the input the problem is'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export const entrySchema = z
  .object({
    seq: z.number().int().min(0),
    prev: hashHex.describe('Hash of entry seq-1, or 64 zeros for entry 0'),
    recordedAt: z.string().describe('Server time of the append, RFC 3339 UTC'),
    event: eventSchemaUnion,
    keyId: z.string(),
    sig: z.string().describe('Ed25519 signature, base64url, over "tally/event/v1\\n" || JCS(event)'),
  })
  .meta({ id: 'Entry', description: 'A log entry (SPEC 5): its leaf is the UTF-8 JCS of exactly this object' });

export const entriesPageSchema = z.object({ entries: z.array(entrySchema) }).meta({ id: 'EntriesPage' });

export const entrySeqParamsSchema = z.strictObject({ seq: count });

export const participantDirectorySchema = z
  .object({ participants: z.array(participantStateSchema) })
  .meta({ id: 'ParticipantDirectory', description: 'Every registered participant, in id order' });

/** `size=N`: a tree size the log signed a checkpoint of (SPEC 6 `bundle?size=N`, passports). */
export const pinnedSizeQuerySchema = z.strictObject({ size: count.refine((n) => n >= 1, 'size must be at least 1').optional() });

export const lineageQuerySchema = z.strictObject({ direction: lineageDirectionSchema.default('up') });
