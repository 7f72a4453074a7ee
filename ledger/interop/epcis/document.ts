// The EPCIS 2.0 JSON-LD document of a batch's lineage (SPEC 6.2). Pure: the lineage entries, in
// seq order, are handed in. Custody positions (who holds what where, how heavy) are followed
// through the entries so each event can name its site and quantity; choices SPEC 6.2 leaves open
// are listed in docs/protocol-notes.md ("EPCIS and UNTP").

import type { Entry } from '../../../schemas/entry.js';
import type { TallyEvent } from '../../../schemas/events.js';
import { nobleHashes, type LogHashes } from '../../crypto/hash.js';
import { toHex } from '../../encoding/bytes.js';
import { entryLeafBytes } from '../../log/entry.js';
import { eventHashes } from './event-hash.js';
import { batchUrl, countryUrn, kilogramsOfGrams, participantUrl, siteUrl, tallyNamespace } from './identifiers.js';
import { vocabularyOfTallyDocument, type BizStep, type Disposition } from './vocabulary.js';

export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

export interface EpcisQuantity {
  epcClass: string;
  quantity: number;
  uom: 'KGM';
}
export interface EpcisParty {
  type: 'owning_party' | 'possessing_party' | 'location';
  source?: string;
  destination?: string;
}
export type EpcisEvent = {
  type: 'ObjectEvent' | 'TransformationEvent';
  eventID: string;
  eventTime: string;
  eventTimeZoneOffset: '+00:00';
  action?: 'ADD' | 'OBSERVE' | 'DELETE';
  bizStep: BizStep;
  disposition: Disposition;
  quantityList?: EpcisQuantity[];
  inputQuantityList?: EpcisQuantity[];
  outputQuantityList?: EpcisQuantity[];
  readPoint?: { id: string };
  bizLocation?: { id: string };
  sourceList?: EpcisParty[];
  destinationList?: EpcisParty[];
  ilmd?: Record<string, unknown>;
} & Record<`tally:${string}`, unknown>;

export interface EpcisDocument {
  '@context': [string, { tally: string }];
  type: 'EPCISDocument';
  schemaVersion: '2.0';
  creationDate: string;
  epcisBody: { eventList: EpcisEvent[] };
}

interface Position {
  custodian: string;
  site: string;
  massG: number;
  /** Where a transfer under way is headed. */
  transit?: { from: string; fromSite: string; to: string; toSite: string };
}

/** `at` with milliseconds and `Z` (SPEC 6.2). */
function eventTime(at: string): string {
  return new Date(at).toISOString();
}

/** Constituents (SPEC 4.1) in ILMD: the material and its kilograms, as the quantities are. */
function constituentsOf(list: readonly { material: string; massG: number }[]): Record<string, unknown>[] {
  return list.map((c) => ({ 'tally:material': c.material, 'tally:massKg': kilogramsOfGrams(c.massG) }));
}

type Body = Omit<EpcisEvent, 'eventID' | 'eventTime' | 'eventTimeZoneOffset'>;

class LineageMapper {
  private readonly positions = new Map<string, Position>();

  constructor(private readonly origin: string) {}

  private quantity(batch: string, massG: number): EpcisQuantity {
    return { epcClass: batchUrl(this.origin, batch), quantity: kilogramsOfGrams(massG), uom: 'KGM' };
  }

  private place(participant: string, site: string): { readPoint: { id: string }; bizLocation: { id: string } } {
    const id = siteUrl(this.origin, participant, site);
    return { readPoint: { id }, bizLocation: { id } };
  }

  private at(batch: string): Position {
    // Every batch of a lineage is created inside it (the lineage is closed upwards); a batch met
    // only as an outside input of a transform is never looked up here.
    const p = this.positions.get(batch);
    if (!p) throw new Error(`batch ${batch} has no position in the lineage`);
    return p;
  }

  /** The EPCIS body of one event, and the positions it leaves; undefined for participant events. */
  map(event: TallyEvent): Body | undefined {
    const o = this.origin;
    switch (event.type) {
      case 'batch.register': {
        const b = event.batch;
        this.positions.set(b.id, { custodian: event.actor, site: b.site, massG: b.massG });
        const ilmd: Record<string, unknown> = {
          'tally:material': b.material,
          'tally:form': b.form,
          'tally:originKind': event.origin.kind,
          'tally:originCountry': event.origin.country,
        };
        if (b.grade !== undefined) ilmd['tally:grade'] = b.grade;
        if (b.constituents) ilmd['tally:constituents'] = constituentsOf(b.constituents);
        return { type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', disposition: 'active', quantityList: [this.quantity(b.id, b.massG)], ...this.place(event.actor, b.site), ilmd };
      }
      case 'batch.transfer': {
        const from = this.at(event.batch);
        let moving = event.batch;
        let massG = from.massG;
        if (event.split) {
          moving = event.split.id;
          massG = event.split.massG;
          from.massG -= massG;
        }
        this.positions.set(moving, { ...from, massG, transit: { from: from.custodian, fromSite: from.site, to: event.to, toSite: event.toSite } });
        const sender = participantUrl(o, from.custodian);
        const recipient = participantUrl(o, event.to);
        return {
          type: 'ObjectEvent',
          action: 'OBSERVE',
          bizStep: 'shipping',
          disposition: 'in_transit',
          quantityList: [this.quantity(moving, massG)],
          readPoint: { id: siteUrl(o, from.custodian, from.site) },
          sourceList: [
            { type: 'owning_party', source: sender },
            { type: 'possessing_party', source: sender },
          ],
          destinationList: [
            { type: 'owning_party', destination: recipient },
            { type: 'possessing_party', destination: recipient },
            { type: 'location', destination: siteUrl(o, event.to, event.toSite) },
          ],
        };
      }
      case 'batch.receive': {
        const p = this.at(event.batch);
        const t = p.transit;
        const place = t ? this.place(t.to, t.toSite) : this.place(p.custodian, p.site);
        this.positions.set(event.batch, { custodian: t?.to ?? p.custodian, site: t?.toSite ?? p.site, massG: event.massG });
        return { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'receiving', disposition: 'in_progress', quantityList: [this.quantity(event.batch, event.massG)], ...place };
      }
      case 'batch.reject': {
        const p = this.at(event.batch);
        const t = p.transit;
        // The recipient refuses (at its site) or the sender recalls (at the sending site).
        const place = t && event.actor === t.to ? this.place(t.to, t.toSite) : this.place(p.custodian, p.site);
        this.positions.set(event.batch, { custodian: t?.from ?? p.custodian, site: t?.fromSite ?? p.site, massG: p.massG });
        return { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'receiving', disposition: 'non_conformant', quantityList: [this.quantity(event.batch, p.massG)], ...place, 'tally:reason': event.reason };
      }
      case 'batch.transform': {
        for (const input of event.inputs) {
          const p = this.positions.get(input.batch);
          if (p) p.massG -= input.massG;
        }
        for (const out of event.outputs) this.positions.set(out.id, { custodian: event.actor, site: event.site, massG: out.massG });
        return {
          type: 'TransformationEvent',
          bizStep: 'commissioning',
          disposition: 'active',
          inputQuantityList: event.inputs.map((i) => this.quantity(i.batch, i.massG)),
          outputQuantityList: event.outputs.map((out) => this.quantity(out.id, out.massG)),
          ...this.place(event.actor, event.site),
          ilmd: {
            'tally:outputs': event.outputs.map((out) => ({
              'tally:batch': batchUrl(o, out.id),
              'tally:material': out.material,
              'tally:form': out.form,
              ...(out.constituents ? { 'tally:constituents': constituentsOf(out.constituents) } : {}),
            })),
          },
          'tally:process': event.process,
        };
      }
      case 'batch.export': {
        const p = this.at(event.batch);
        const massG = event.split ? event.split.massG : p.massG;
        const moving = event.split ? event.split.id : event.batch;
        if (event.split) p.massG -= massG;
        const d = event.destination;
        const extensions: Record<string, unknown> = { 'tally:consignee': d.consignee };
        if (d.facility !== undefined) extensions['tally:facility'] = d.facility;
        if (d.recoveryCode !== undefined) extensions['tally:recoveryCode'] = d.recoveryCode;
        if (event.wasteCode !== undefined) extensions['tally:wasteCode'] = `${event.wasteCode.scheme}:${event.wasteCode.code}`;
        if (event.reference !== undefined) extensions['tally:reference'] = event.reference;
        return {
          type: 'ObjectEvent',
          action: 'OBSERVE',
          bizStep: 'shipping',
          disposition: 'in_transit',
          quantityList: [this.quantity(moving, massG)],
          readPoint: { id: siteUrl(o, p.custodian, p.site) },
          destinationList: [{ type: 'location', destination: countryUrn(d.country) }],
          ...extensions,
        };
      }
      case 'batch.retire': {
        const p = this.at(event.batch);
        const massG = event.massG ?? p.massG;
        p.massG -= massG;
        const incorporated = event.reason === 'incorporated';
        return {
          type: 'ObjectEvent',
          action: 'DELETE',
          bizStep: incorporated ? 'decommissioning' : 'destroying',
          disposition: incorporated ? 'inactive' : 'destroyed',
          quantityList: [this.quantity(event.batch, massG)],
          ...this.place(p.custodian, p.site),
          'tally:reason': event.reason,
        };
      }
      case 'batch.adjust': {
        const p = this.at(event.batch);
        p.massG = event.massG;
        return { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'inspecting', disposition: 'active', quantityList: [this.quantity(event.batch, event.massG)], ...this.place(p.custodian, p.site), 'tally:reason': event.reason };
      }
      case 'batch.attest': {
        const p = this.at(event.batch);
        return {
          type: 'ObjectEvent',
          action: 'OBSERVE',
          bizStep: 'inspecting',
          disposition: 'conformant',
          quantityList: [this.quantity(event.batch, p.massG)],
          ...this.place(p.custodian, p.site),
          'tally:attestation': event.kind,
          'tally:sha256': event.sha256,
        };
      }
      default:
        return undefined;
    }
  }
}

/**
 * The EPCIS 2.0 document of a batch's lineage: one event per batch entry, in seq order, each with
 * its CBV 2.0 event hash as `eventID`. `creationDate` is the newest entry's `recordedAt`, so the
 * document is a function of the log.
 * Requires `entries` to be the lineage entries (SPEC 6 provenance `lineage`) in seq order.
 * @param hashes the SHA-256 to use (node:crypto's on a server: two hashes an event; a deep batch's
 *   document took 798 ms with @noble/hashes against 692 ms with node:crypto, scratch, in process)
 */
export function epcisDocumentOf(origin: string, entries: readonly Entry<TallyEvent>[], hashes: Pick<LogHashes, 'sha256' | 'leafHash'> = nobleHashes): EpcisDocument {
  const mapper = new LineageMapper(origin);
  const events: EpcisEvent[] = [];
  for (const entry of entries) {
    const body = mapper.map(entry.event);
    if (body === undefined) continue;
    const { type, ...rest } = body;
    events.push({
      type,
      eventID: '',
      eventTime: eventTime(entry.event.at),
      eventTimeZoneOffset: '+00:00',
      ...rest,
      'tally:seq': entry.seq,
      'tally:entryHash': toHex(hashes.leafHash(entryLeafBytes(entry))),
      'tally:type': entry.event.type,
    } as EpcisEvent);
  }
  const doc: EpcisDocument = {
    '@context': [EPCIS_CONTEXT, { tally: tallyNamespace(origin) }],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: entries.length > 0 ? entries[entries.length - 1]!.recordedAt : '1970-01-01T00:00:00Z',
    epcisBody: { eventList: events },
  };
  const ids = eventHashes(doc, vocabularyOfTallyDocument(events), hashes.sha256);
  events.forEach((e, i) => (e.eventID = ids[i]!));
  return doc;
}
