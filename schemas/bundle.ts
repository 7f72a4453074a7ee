import { z } from 'zod';
import { entrySchema } from './api.js';
import { batchViewSchema } from './state.js';

const hashHex = z.string().regex(/^[0-9a-f]{64}$/);

/** SPEC section 7: everything needed to verify a batch's provenance offline, given the log key. */
export const auditBundleSchema = z
  .object({
    format: z.literal('tally-bundle/v1'),
    origin: z.string(),
    logKey: z.string().describe('C2SP verifier key string of the log'),
    checkpoint: z.string().describe('Signed checkpoint every proof in the bundle leads to'),
    batch: batchViewSchema.describe('The batch as the server states it; verification recomputes it from the entries'),
    entries: z
      .array(z.object({ seq: z.number().int().min(0), entry: entrySchema, proof: z.array(hashHex).describe('Inclusion proof to the checkpoint') }))
      .describe('Genesis, the key entries of every signer, and every entry of the lineage, by seq'),
  })
  .meta({ id: 'AuditBundle', description: 'A self-contained audit bundle (SPEC 7)' });
export type AuditBundle = z.infer<typeof auditBundleSchema>;
