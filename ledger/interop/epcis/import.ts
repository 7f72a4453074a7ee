// EPCIS 2.0 events a site system already emits, turned into Tally events for the actor to sign
// (SDK `fromEpcis`, `tally submit --epcis`). The inverse of document.ts: an EPCIS event is
// unsigned, so it never enters the log as it is; anything without a Tally counterpart is refused
// with `epcis_unmappable` and the path of the EPCIS field. Pure.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { TallyEvent } from '../../../schemas/events.js';
import { TallyError } from '../../errors.js';
import { gramsOfKilograms } from './identifiers.js';

export interface ImportedEvent {
  type: TallyEvent['type'];
  /** The event's own fields plus `id` and `at`; the signer fills `v`, `ledger` and `actor`. */
  fields: Record<string, unknown> & { id: string; at: string };
}

export interface ImportOptions {
  /** The ledger's origin: identifiers must be URLs under it (SPEC 6.2). */
  origin: string;
  /** The participant who will sign: register and transform happen at its own sites. */
  actor: string;
}

type Json = Record<string, unknown>;
type Path = Array<string | number>;

const unmappable = (path: Path, message: string) => new TallyError('epcis_unmappable', `${path.join('.')}: ${message}`, path);

/** The bare CBV word of a vocabulary value written bare, as a web URI or as a CBV 1.x URN. */
function word(value: unknown, webPrefix: string, urnPrefix: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.startsWith(webPrefix)) return value.slice(webPrefix.length);
  if (value.startsWith(urnPrefix)) return value.slice(urnPrefix.length);
  return value.includes(':') ? undefined : value;
}

class EventReader {
  constructor(
    readonly e: Json,
    readonly path: Path,
    private readonly o: ImportOptions,
  ) {}

  fail(field: Path, message: string): TallyError {
    return unmappable([...this.path, ...field], message);
  }

  string(field: Path): string {
    let v: unknown = this.e;
    for (const k of field) v = (v as Json | undefined)?.[k as string];
    if (typeof v !== 'string' || v.length === 0) throw this.fail(field, 'is required as a string to map this event');
    return v;
  }

  optionalString(key: string): string | undefined {
    const v = this.e[key];
    return typeof v === 'string' ? v : undefined;
  }

  under(url: string, kind: string, field: Path): string {
    const prefix = `https://${this.o.origin}/${kind}/`;
    if (!url.startsWith(prefix) || url.length === prefix.length) throw this.fail(field, `${url} is not a ${kind} URL under https://${this.o.origin}/`);
    return url.slice(prefix.length);
  }

  /** `https://<origin>/participant/<p>/site/<s>` -> [p, s]. */
  site(url: string, field: Path): [string, string] {
    const rest = this.under(url, 'participant', field);
    const m = /^([A-Za-z0-9._:-]{1,128})\/site\/([A-Za-z0-9._:-]{1,128})$/.exec(rest);
    if (!m) throw this.fail(field, `${url} is not a site URL (…/participant/<id>/site/<site>)`);
    return [m[1]!, m[2]!];
  }

  /** The actor's own site where the event happened: bizLocation, else readPoint. */
  ownSite(): string {
    const field = this.e.bizLocation !== undefined ? ['bizLocation', 'id'] : ['readPoint', 'id'];
    const [participant, site] = this.site(this.string(field), field);
    if (participant !== this.o.actor) throw this.fail(field, `is a site of ${participant}, not of the signer ${this.o.actor}`);
    return site;
  }

  quantities(list: string): Array<{ batch: string; massG: number }> {
    const items = this.e[list];
    if (!Array.isArray(items) || items.length === 0) throw this.fail([list], 'is required: Tally events name batches by quantity (epcClass, KGM)');
    return items.map((q: Json, i) => {
      if (q?.uom !== 'KGM') throw this.fail([list, i, 'uom'], `must be KGM (kilograms), not ${JSON.stringify(q?.uom)}`);
      const massG = gramsOfKilograms(q.quantity as number);
      if (massG === undefined || massG < 1) throw this.fail([list, i, 'quantity'], `${JSON.stringify(q.quantity)} is not a whole positive number of grams in kilograms`);
      if (typeof q.epcClass !== 'string') throw this.fail([list, i, 'epcClass'], 'is required');
      return { batch: this.under(q.epcClass, 'batch', [list, i, 'epcClass']), massG };
    });
  }

  single(): { batch: string; massG: number } {
    if (this.e.epcList !== undefined) throw this.fail(['epcList'], 'Tally batches are quantities, not serialised items: use quantityList');
    const q = this.quantities('quantityList');
    if (q.length !== 1) throw this.fail(['quantityList'], 'must name exactly one batch');
    return q[0]!;
  }

  party(list: 'sourceList' | 'destinationList', type: string): Json | undefined {
    const items = this.e[list];
    return Array.isArray(items) ? (items as Json[]).find((p) => word(p?.type, 'https://ref.gs1.org/cbv/SDT-', 'urn:epcglobal:cbv:sdt:') === type) : undefined;
  }

  partyIndex(list: 'sourceList' | 'destinationList', type: string): number {
    const items = this.e[list];
    return Array.isArray(items) ? (items as Json[]).findIndex((p) => word(p?.type, 'https://ref.gs1.org/cbv/SDT-', 'urn:epcglobal:cbv:sdt:') === type) : -1;
  }
}

/** ILMD `tally:constituents` ([{ tally:material, tally:massKg }]) as SPEC 4.1 constituents. */
function constituentsIn(r: EventReader, value: unknown, field: Path): Array<{ material: string; massG: number }> | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw r.fail(field, 'tally:constituents must be a list of { tally:material, tally:massKg }');
  return value.map((c: Json, i) => {
    const massG = gramsOfKilograms(c?.['tally:massKg'] as number);
    if (typeof c?.['tally:material'] !== 'string' || massG === undefined || massG < 1) {
      throw r.fail([...field, i], 'needs tally:material and tally:massKg, a whole positive number of grams in kilograms');
    }
    return { material: c['tally:material'] as string, massG };
  });
}

function mapOne(r: EventReader): Pick<ImportedEvent, 'type'> & { fields: Record<string, unknown> } {
  const e = r.e;
  const bizStep = word(e.bizStep, 'https://ref.gs1.org/cbv/BizStep-', 'urn:epcglobal:cbv:bizstep:');
  const disposition = word(e.disposition, 'https://ref.gs1.org/cbv/Disp-', 'urn:epcglobal:cbv:disp:');
  if (e.type === 'TransformationEvent') {
    const inputs = r.quantities('inputQuantityList');
    const outputs = r.quantities('outputQuantityList').map((out, i) => {
      const ilmd = (e.ilmd ?? {}) as Json;
      const described = Array.isArray(ilmd['tally:outputs'])
        ? (ilmd['tally:outputs'] as Json[]).find((d) => typeof d?.['tally:batch'] === 'string' && (d['tally:batch'] as string).endsWith(`/batch/${out.batch}`))
        : ilmd;
      const material = described?.['tally:material'];
      const form = described?.['tally:form'];
      if (typeof material !== 'string' || typeof form !== 'string') {
        throw r.fail(['ilmd', 'tally:outputs'], `must give tally:material and tally:form of output ${i} (${out.batch}); EPCIS has no field for them`);
      }
      const constituents = constituentsIn(r, described?.['tally:constituents'], ['ilmd', 'tally:outputs']);
      return { id: out.batch, material, form, massG: out.massG, ...(constituents ? { constituents } : {}) };
    });
    const process = r.optionalString('tally:process') ?? bizStep;
    if (!process) throw r.fail(['tally:process'], 'is required (or a bizStep) to name the process');
    return { type: 'batch.transform', fields: { process, site: r.ownSite(), inputs, outputs } };
  }
  if (e.type !== 'ObjectEvent') throw r.fail(['type'], `${JSON.stringify(e.type)} has no Tally counterpart (ObjectEvent and TransformationEvent map)`);
  switch (`${String(e.action)} ${bizStep} ${disposition}`) {
    case 'ADD commissioning active': {
      const { batch, massG } = r.single();
      const ilmd: Path = ['ilmd'];
      const batchFields: Record<string, unknown> = {
        id: batch,
        material: r.string([...ilmd, 'tally:material']),
        form: r.string([...ilmd, 'tally:form']),
        massG,
        site: r.ownSite(),
      };
      const constituents = constituentsIn(r, (e.ilmd as Json)['tally:constituents'], ['ilmd', 'tally:constituents']);
      if (constituents) batchFields.constituents = constituents;
      const grade = (e.ilmd as Json)['tally:grade'];
      if (typeof grade === 'string') batchFields.grade = grade;
      return { type: 'batch.register', fields: { batch: batchFields, origin: { kind: r.string([...ilmd, 'tally:originKind']), country: r.string([...ilmd, 'tally:originCountry']) } } };
    }
    case 'OBSERVE shipping in_transit': {
      const { batch } = r.single();
      const location = r.party('destinationList', 'location');
      const at = r.partyIndex('destinationList', 'location');
      if (location === undefined) throw r.fail(['destinationList'], 'needs a destination of type location (a site, or urn:iso:std:iso:3166:-1:<country> for an export)');
      const destination = String(location.destination);
      const country = /^urn:iso:std:iso:3166:-1:([A-Z]{2})$/.exec(destination);
      if (country) {
        const fields: Record<string, unknown> = { batch, destination: { country: country[1], consignee: r.string(['tally:consignee']) } };
        const wasteCode = r.optionalString('tally:wasteCode');
        if (wasteCode !== undefined) {
          const [scheme, ...code] = wasteCode.split(':');
          fields.wasteCode = { scheme, code: code.join(':') };
        }
        for (const key of ['facility', 'recoveryCode'] as const) {
          const v = r.optionalString(`tally:${key}`);
          if (v !== undefined) (fields.destination as Json)[key] = v;
        }
        const reference = r.optionalString('tally:reference');
        if (reference !== undefined) fields.reference = reference;
        return { type: 'batch.export', fields };
      }
      const [to, toSite] = r.site(destination, ['destinationList', at, 'destination']);
      return { type: 'batch.transfer', fields: { batch, to, toSite } };
    }
    case 'OBSERVE receiving in_progress': {
      const { batch, massG } = r.single();
      return { type: 'batch.receive', fields: { batch, massG } };
    }
    case 'OBSERVE receiving non_conformant':
      return { type: 'batch.reject', fields: { batch: r.single().batch, reason: r.optionalString('tally:reason') ?? 'non_conformant (EPCIS receiving)' } };
    case 'DELETE decommissioning inactive':
    case 'DELETE destroying destroyed': {
      const { batch, massG } = r.single();
      const reason = bizStep === 'decommissioning' ? 'incorporated' : r.optionalString('tally:reason');
      if (reason !== 'incorporated' && reason !== 'lost' && reason !== 'landfilled') throw r.fail(['tally:reason'], 'must say lost or landfilled for a destroying event');
      return { type: 'batch.retire', fields: { batch, massG, reason } };
    }
    case 'OBSERVE inspecting active': {
      const { batch, massG } = r.single();
      return { type: 'batch.adjust', fields: { batch, massG, reason: r.optionalString('tally:reason') ?? 'reweighed (EPCIS inspecting)' } };
    }
    case 'OBSERVE inspecting conformant':
      return { type: 'batch.attest', fields: { batch: r.single().batch, kind: r.optionalString('tally:attestation') ?? 'inspection', sha256: r.string(['tally:sha256']) } };
    default:
      throw r.fail(['bizStep'], `action ${String(e.action)}, bizStep ${String(e.bizStep)}, disposition ${String(e.disposition)} has no Tally counterpart (SPEC 6.2 lists the ones that map)`);
  }
}

/** A Tally event id from the EPCIS event: its CBV hash when it has one, else a digest of it. */
function idOf(e: Json): string {
  const hash = typeof e.eventID === 'string' ? /^ni:\/\/\/sha-256;([0-9a-f]{64})/.exec(e.eventID)?.[1] : undefined;
  return `epcis-${(hash ?? bytesToHex(sha256(utf8ToBytes(JSON.stringify(e))))).slice(0, 40)}`;
}

/**
 * The Tally events of an EPCIS 2.0 document (or a list of its events), in order, for `actor` to
 * sign with its key (EventSigner). Ids come from the EPCIS event hash, so importing the same
 * document twice gives the same ids and the log treats the resubmission as idempotent.
 * @throws TallyError `epcis_unmappable` naming the EPCIS field (path from the document root).
 */
export function fromEpcis(input: unknown, options: ImportOptions): ImportedEvent[] {
  const doc = input as Json;
  const list = Array.isArray(input) ? input : ((doc?.epcisBody as Json | undefined)?.eventList ?? (doc?.type === 'ObjectEvent' || doc?.type === 'TransformationEvent' ? [doc] : undefined));
  const base: Path = Array.isArray(input) ? [] : doc?.epcisBody ? ['epcisBody', 'eventList'] : [];
  if (!Array.isArray(list)) throw unmappable(['epcisBody', 'eventList'], 'is required: give an EPCISDocument or a list of events');
  return list.map((event: unknown, i) => {
    const path = doc?.epcisBody || Array.isArray(input) ? [...base, i] : [];
    if (event === null || typeof event !== 'object') throw unmappable(path, 'is not an event object');
    const e = event as Json;
    const r = new EventReader(e, path, options);
    const time = typeof e.eventTime === 'string' ? new Date(e.eventTime) : undefined;
    if (!time || Number.isNaN(time.getTime())) throw r.fail(['eventTime'], 'is required as an RFC 3339 time');
    const mapped = mapOne(r);
    return { type: mapped.type, fields: { id: idOf(e), at: time.toISOString(), ...mapped.fields } };
  });
}
