// The UNTP 0.6.1 Digital Product Passport of a batch (SPEC 6.3), a W3C VC 2.0 data model
// credential, unsigned: the custodian secures it (vc-jose.ts). Pure: the batch as of tree size N,
// that checkpoint, and the issuer are handed in. UNTP 0.6.1 nests the product inside a
// ProductPassport subject; docs/protocol-notes.md says how SPEC 6.3's wording maps onto that.

import { batchUrl } from '../epcis/identifiers.js';
import { article8ClaimsOf } from './battery-claims.js';
import { materialsProvenanceOf, type PassportBatch } from './materials.js';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const DPP_CONTEXT = 'https://test.uncefact.org/vocabulary/untp/dpp/0.6.1/';

export interface PassportIssuer {
  /** did:key of the custodian's Ed25519 key (did-key.ts). */
  id: string;
  name: string;
}

export interface PassportInput {
  origin: string;
  batch: PassportBatch & { form?: string };
  /** The checkpoint the figures were computed at. */
  checkpoint: { size: number; rootHash: string };
  issuer: PassportIssuer;
  /** When the credential takes effect: the newest lineage entry's recordedAt, a function of the log. */
  validFrom: string;
  /** The traceability events credential (dte.ts) and the SHA-256 hex of its JCS bytes. */
  dte: { url: string; sha256: string };
}

export const bundleUrlOf = (origin: string, batch: string, size: number): string => `https://${origin}/v1/batches/${batch}/bundle?size=${size}`;
export const passportUrlOf = (origin: string, batch: string, size: number): string => `https://${origin}/v1/batches/${batch}/passport?size=${size}`;
export const dteUrlOf = (origin: string, batch: string, size: number): string => `https://${origin}/v1/batches/${batch}/dte?size=${size}`;

export function passportOf(input: PassportInput): Record<string, unknown> & { credentialSubject: Record<string, unknown> } {
  const { origin, batch, checkpoint } = input;
  const subjectId = batchUrl(origin, batch.id);
  const name = [batch.material, batch.form].filter((w) => w !== undefined).join(' ') + ` batch ${batch.id}`;
  const claims = article8ClaimsOf(subjectId, batch);
  return {
    '@context': [VC_CONTEXT, DPP_CONTEXT],
    type: ['DigitalProductPassport', 'VerifiableCredential'],
    id: passportUrlOf(origin, batch.id, checkpoint.size),
    issuer: { type: ['CredentialIssuer'], id: input.issuer.id, name: input.issuer.name },
    validFrom: input.validFrom,
    credentialSubject: {
      type: ['ProductPassport'],
      id: subjectId,
      name,
      granularityLevel: 'batch',
      product: { type: ['Product'], id: subjectId, name, batchNumber: batch.id },
      materialsProvenance: materialsProvenanceOf(batch),
      ...(claims.length > 0 ? { conformityClaim: claims } : {}),
      traceabilityInformation: [
        {
          type: ['TraceabilityPerformance'],
          valueChainProcess: 'custody chain recorded on the Tally ledger',
          verifiedRatio: 1,
          traceabilityEvent: [
            {
              type: ['SecureLink', 'Link'],
              linkURL: input.dte.url,
              linkName: `UNTP traceability events of batch ${batch.id} at tree size ${checkpoint.size}`,
              linkType: 'https://test.uncefact.org/vocabulary/linkTypes/dte',
              hashDigest: input.dte.sha256,
              hashMethod: 'SHA-256',
              encryptionMethod: 'none',
            },
          ],
        },
      ],
    },
    evidence: [
      {
        type: ['Evidence', 'TallyBundle'],
        id: bundleUrlOf(origin, batch.id, checkpoint.size),
        treeSize: checkpoint.size,
        rootHash: checkpoint.rootHash,
      },
    ],
  };
}
