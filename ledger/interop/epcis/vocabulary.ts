// The CBV 2.0 vocabulary Tally's EPCIS mapping (SPEC 6.2) uses, with the web URI each bare value
// expands to under the EPCIS 2.0 JSON-LD context. The event hash needs the document's expanded
// vocabulary; for the documents Tally writes it is read from this table instead of running a
// JSON-LD processor over the (large, separately licensed) context at every request. A test checks
// the table against a real JSON-LD expansion with the published context.

const CBV = 'https://ref.gs1.org/cbv/';

export const BIZ_STEPS = ['commissioning', 'shipping', 'receiving', 'destroying', 'decommissioning', 'inspecting'] as const;
export const DISPOSITIONS = ['active', 'in_transit', 'in_progress', 'non_conformant', 'destroyed', 'inactive', 'conformant'] as const;
export const SOURCE_DESTINATION_TYPES = ['owning_party', 'possessing_party', 'location'] as const;

export type BizStep = (typeof BIZ_STEPS)[number];
export type Disposition = (typeof DISPOSITIONS)[number];
export type SourceDestinationType = (typeof SOURCE_DESTINATION_TYPES)[number];

export const bizStepUri = (step: string): string => `${CBV}BizStep-${step}`;
export const dispositionUri = (disposition: string): string => `${CBV}Disp-${disposition}`;
export const sourceDestinationTypeUri = (type: string): string => `${CBV}SDT-${type}`;

interface VocabularyFields {
  bizStep?: string;
  disposition?: string;
  sourceList?: { type: string }[];
  destinationList?: { type: string }[];
}

// A value already written as a URI expands to itself; a bare one to its CBV URI.
const expand = (value: string, toUri: (v: string) => string): string => (value.includes(':') ? value : toUri(value));

/** The expanded CBV vocabulary of a document whose events use only the fields above. */
export function vocabularyOfTallyDocument(events: readonly VocabularyFields[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) {
    if (e.bizStep !== undefined) out.add(expand(e.bizStep, bizStepUri));
    if (e.disposition !== undefined) out.add(expand(e.disposition, dispositionUri));
    for (const s of [...(e.sourceList ?? []), ...(e.destinationList ?? [])]) out.add(expand(s.type, sourceDestinationTypeUri));
  }
  return out;
}
