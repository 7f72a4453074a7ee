// UNTP 0.6.1 Digital Traceability Events: the EPCIS events of a batch's lineage (SPEC 6.2) in
// the DTE credential form, linked from the passport. Each event keeps its CBV 2.0 event hash as
// `id`, so the DTE and the EPCIS document name the same events.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { EpcisDocument, EpcisEvent, EpcisQuantity } from '../epcis/document.js';
import { bizStepUri, dispositionUri } from '../epcis/vocabulary.js';
import { VC_CONTEXT, type PassportIssuer } from './passport.js';

export const DTE_CONTEXT = 'https://test.uncefact.org/vocabulary/untp/dte/0.6.1/';

const quantityOf = (q: EpcisQuantity) => ({
  type: ['QuantityElement'],
  productId: q.epcClass,
  productName: `batch ${q.epcClass.slice(q.epcClass.lastIndexOf('/') + 1)}`,
  quantity: q.quantity,
  uom: q.uom,
});

function eventOf(e: EpcisEvent): Record<string, unknown> {
  const common = {
    id: e.eventID,
    processType: String(e['tally:process'] ?? e['tally:type']),
    eventTime: e.eventTime,
    action: (e.action ?? 'ADD').toLowerCase(),
    disposition: dispositionUri(e.disposition),
    bizStep: bizStepUri(e.bizStep),
    ...(e.bizLocation ?? e.readPoint ? { bizLocation: (e.bizLocation ?? e.readPoint)!.id } : {}),
  };
  if (e.type === 'TransformationEvent') {
    return {
      type: ['TransformationEvent', 'Event'],
      ...common,
      inputQuantityList: (e.inputQuantityList ?? []).map((q) => quantityOf(q)),
      outputQuantityList: (e.outputQuantityList ?? []).map((q) => quantityOf(q)),
    };
  }
  return { type: ['ObjectEvent', 'Event'], ...common, quantityList: (e.quantityList ?? []).map((q) => quantityOf(q)) };
}

/** The DTE credential of a lineage's EPCIS document, unsigned, issued (like the passport) by the custodian. */
export function dteOf(input: { id: string; issuer: PassportIssuer; validFrom: string; document: EpcisDocument }): Record<string, unknown> {
  return {
    '@context': [VC_CONTEXT, DTE_CONTEXT],
    type: ['DigitalTraceabilityEvent', 'VerifiableCredential'],
    id: input.id,
    issuer: { type: ['CredentialIssuer'], id: input.issuer.id, name: input.issuer.name },
    validFrom: input.validFrom,
    credentialSubject: input.document.epcisBody.eventList.map(eventOf),
  };
}

/**
 * The bytes the DTE is served as, and whose SHA-256 the passport's link carries ("the hash of the
 * file", UNTP SecureLink). Its quantities are decimals, which JCS (integers only here) refuses, so
 * the file is ECMAScript JSON of the object as dteOf builds it: a verifier that rebuilds it from a
 * bundle with this code gets the same bytes.
 */
export function dteText(dte: Record<string, unknown>): string {
  return JSON.stringify(dte);
}

export function dteDigest(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
