// The passport and traceability events of a batch at tree size N, from the bundle of size N
// alone. The server writes them with this function and a verifier rebuilds them with it from the
// bundle it verified, so every figure can be compared as it stands.

import type { Entry } from '../../../schemas/entry.js';
import type { TallyEvent } from '../../../schemas/events.js';
import type { LogHashes } from '../../crypto/hash.js';
import { epcisDocumentOf } from '../epcis/document.js';
import { dteDigest, dteOf, dteText } from './dte.js';
import type { PassportBatch } from './materials.js';
import { dteUrlOf, passportOf, type PassportIssuer } from './passport.js';

export interface BatchCredentialsInput {
  origin: string;
  batch: PassportBatch & { form?: string };
  checkpoint: { size: number; rootHash: string };
  /** The bundle's entries (genesis and participant entries are skipped). */
  entries: readonly Entry[];
  issuer: PassportIssuer;
  /** SHA-256 for the DTE's event and entry hashes (epcisDocumentOf); @noble/hashes when absent. */
  hashes?: Pick<LogHashes, 'sha256' | 'leafHash'>;
}

export interface BatchCredentials {
  passport: ReturnType<typeof passportOf>;
  dte: Record<string, unknown>;
  /** The exact bytes the DTE is served as; the passport links to their SHA-256. */
  dteText: string;
}

const isBatchEntry = (entry: Entry): boolean => entry.event.type.startsWith('batch.');

export function batchCredentialsOf(input: BatchCredentialsInput): BatchCredentials {
  const { origin, batch, checkpoint } = input;
  const lineage = input.entries.filter(isBatchEntry).sort((a, b) => a.seq - b.seq) as Entry<TallyEvent>[];
  const validFrom = lineage.map((e) => e.recordedAt).sort().at(-1) ?? '1970-01-01T00:00:00Z';
  const dteUrl = dteUrlOf(origin, batch.id, checkpoint.size);
  const dte = dteOf({ id: dteUrl, issuer: input.issuer, validFrom, document: epcisDocumentOf(origin, lineage, input.hashes) });
  const text = dteText(dte);
  const passport = passportOf({ origin, batch, checkpoint, issuer: input.issuer, validFrom, dte: { url: dteUrl, sha256: dteDigest(text) } });
  return { passport, dte, dteText: text };
}
