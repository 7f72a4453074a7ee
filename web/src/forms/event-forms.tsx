import { useState } from 'preact/hooks';
import type { Schemas } from '../api.js';
import type { Session } from '../session.js';
import { Fields, MassField, SelectField, TextField } from './fields.js';
import { EventFormShell, useEventForm, type FieldReader, type SubmitResult } from './use-event-form.js';

/**
 * The daily jobs as forms (SPEC 3.2): register, transfer, receive, transform, export, retire.
 * Masses are typed in tonnes or kilograms and signed as exact grams; the ledger's rules are the
 * server's to apply, and its problem is shown next to the field it names.
 */

export interface FormProps {
  session: Session;
  ledger: string;
  /** The public directory, for recipients and their sites. */
  directory: ReadonlyArray<Schemas['Participant']>;
  /** Batches this participant holds or has in transit to it, for suggestions. */
  batches: ReadonlyArray<Schemas['Batch']>;
  onAppended: (result: SubmitResult) => void;
}

/** Checked against the contract: the compiler refuses a kind the schema does not have. */
const ORIGIN_KINDS: Array<Schemas['BatchRegisterEvent']['origin']['kind']> = ['post-consumer', 'pre-consumer', 'primary'];
const RETIRE_REASONS: Array<Schemas['BatchRetireEvent']['reason']> = ['incorporated', 'lost', 'landfilled'];
const WASTE_SCHEMES: Array<NonNullable<Schemas['BatchExportEvent']['wasteCode']>['scheme']> = ['basel', 'ewc', 'oecd'];
const MATERIALS = ['aluminium', 'copper', 'steel', 'lead', 'zinc', 'nickel', 'cobalt', 'lithium', 'platinum', 'palladium'];
const FORMS = ['scrap', 'ingot', 'billet', 'cathode', 'rod', 'sheet', 'wire', 'powder', 'component', 'product', 'concentrate', 'ore'];

function sitesOf(session: Session): Array<[string, string]> {
  return session.participant.sites.map((s) => [s.id, `${s.name} (${s.id}, ${s.country})`]);
}

function country(read: FieldReader, name: string): string {
  const value = read.required(name).toUpperCase();
  if (value && !/^[A-Z]{2}$/.test(value)) read.errors[name] = 'an ISO 3166-1 alpha-2 code, such as GB or TR';
  return value;
}

function note(read: FieldReader): { note?: string } {
  const text = read.text('note');
  return text ? { note: text } : {};
}

function BatchList({ id, batches, filter }: { id: string; batches: FormProps['batches']; filter: (b: Schemas['Batch']) => boolean }) {
  return (
    <datalist id={id}>
      {batches.filter(filter).map((b) => (
        <option value={b.id}>
          {b.material} {b.form}, {b.status}
        </option>
      ))}
    </datalist>
  );
}

const held = (me: string) => (b: Schemas['Batch']) => b.status === 'active' && b.custodian === me;

export function RegisterForm(props: FormProps) {
  const { shell } = useEventForm({
    prefix: 'register',
    type: 'batch.register',
    session: props.session,
    ledger: props.ledger,
    initial: { 'batch.site': props.session.participant.sites[0]?.id ?? '', 'origin.kind': 'post-consumer', 'origin.country': props.session.participant.country, 'batch.form': 'scrap' },
    onAppended: props.onAppended,
    build: (read) => {
      const grade = read.text('batch.grade');
      return {
        batch: {
          id: read.required('batch.id'),
          material: read.required('batch.material'),
          form: read.required('batch.form'),
          ...(grade ? { grade } : {}),
          massG: read.mass('batch.massG') ?? 0,
          site: read.required('batch.site'),
        },
        origin: { kind: read.required('origin.kind') as (typeof ORIGIN_KINDS)[number], country: country(read, 'origin.country') },
        ...note(read),
      };
    },
  });
  return (
    <EventFormShell shell={shell} title="Register a batch" submitLabel="Sign and register">
      <Fields>
        <TextField name="batch.id" label="Batch id" required placeholder="cu-scrap-0412" />
        <TextField name="batch.material" label="Material" required list="materials" />
        <datalist id="materials">
          {MATERIALS.map((m) => (
            <option value={m} />
          ))}
        </datalist>
        <SelectField name="batch.form" label="Form" options={FORMS} required />
        <TextField name="batch.grade" label="Grade" placeholder="Birch/Cliff" />
        <MassField name="batch.massG" label="Mass" required />
        <SelectField name="batch.site" label="At site" options={sitesOf(props.session)} required />
        <SelectField name="origin.kind" label="Origin" options={ORIGIN_KINDS} required />
        <TextField name="origin.country" label="Origin country" required />
        <TextField name="note" label="Note" />
      </Fields>
    </EventFormShell>
  );
}

export function TransferForm(props: FormProps) {
  const me = props.session.participant.id;
  const { shell, values } = useEventForm({
    prefix: 'transfer',
    type: 'batch.transfer',
    session: props.session,
    ledger: props.ledger,
    onAppended: props.onAppended,
    build: (read) => {
      const splitId = read.text('split.id');
      const splitMass = read.mass('split.massG', splitId !== undefined);
      if (splitMass !== undefined && splitId === undefined) read.errors['split.id'] = 'a split needs the id of the new batch';
      return {
        batch: read.required('batch'),
        to: read.required('to'),
        toSite: read.required('toSite'),
        ...(splitId !== undefined && splitMass !== undefined ? { split: { id: splitId, massG: splitMass } } : {}),
        ...note(read),
      };
    },
  });
  const recipient = props.directory.find((p) => p.id === values.to);
  return (
    <EventFormShell shell={shell} title="Transfer a batch" submitLabel="Sign and transfer">
      <Fields>
        <TextField name="batch" label="Batch" required list="transfer-batches" />
        <BatchList id="transfer-batches" batches={props.batches} filter={held(me)} />
        <SelectField name="to" label="To" options={props.directory.map((p) => [p.id, `${p.name} (${p.id})`] as [string, string])} />
        <SelectField
          name="toSite"
          label="Their site"
          options={(recipient?.sites ?? []).map((s) => [s.id, `${s.name} (${s.id}, ${s.country})`] as [string, string])}
        />
        <TextField name="split.id" label="Send only part: new batch id" />
        <MassField name="split.massG" label="Mass of that part" />
        <TextField name="note" label="Note" />
      </Fields>
    </EventFormShell>
  );
}

export function ReceiveForm(props: FormProps) {
  const me = props.session.participant.id;
  const { shell } = useEventForm({
    prefix: 'receive',
    type: 'batch.receive',
    session: props.session,
    ledger: props.ledger,
    onAppended: props.onAppended,
    build: (read) => ({ batch: read.required('batch'), massG: read.mass('massG') ?? 0, ...note(read) }),
  });
  return (
    <EventFormShell shell={shell} title="Receive a delivery" submitLabel="Sign and receive">
      <Fields>
        <TextField name="batch" label="Batch in transit to you" required list="receive-batches" />
        <BatchList id="receive-batches" batches={props.batches} filter={(b) => b.status === 'in-transit' && b.transit?.to === me} />
        <MassField name="massG" label="Weighed mass on arrival" required />
        <TextField name="note" label="Note" />
      </Fields>
      <p class="hint">Less than was sent is recorded as transit loss; more is refused.</p>
    </EventFormShell>
  );
}

export function TransformForm(props: FormProps) {
  const me = props.session.participant.id;
  const [inputs, setInputs] = useState(1);
  const [outputs, setOutputs] = useState(1);
  const { shell } = useEventForm({
    prefix: 'transform',
    type: 'batch.transform',
    session: props.session,
    ledger: props.ledger,
    initial: { site: props.session.participant.sites[0]?.id ?? '' },
    onAppended: props.onAppended,
    build: (read) => ({
      process: read.required('process'),
      site: read.required('site'),
      inputs: Array.from({ length: inputs }, (_, i) => ({ batch: read.required(`inputs.${i}.batch`), massG: read.mass(`inputs.${i}.massG`) ?? 0 })),
      outputs: Array.from({ length: outputs }, (_, i) => ({
        id: read.required(`outputs.${i}.id`),
        material: read.required(`outputs.${i}.material`),
        form: read.required(`outputs.${i}.form`),
        massG: read.mass(`outputs.${i}.massG`) ?? 0,
      })),
      ...note(read),
    }),
  });
  return (
    <EventFormShell shell={shell} title="Transform (melt, refine, cast, cut)" submitLabel="Sign and transform">
      <Fields>
        <TextField name="process" label="Process" required placeholder="remelt and cast" />
        <SelectField name="site" label="At site" options={sitesOf(props.session)} required />
      </Fields>
      <BatchList id="transform-batches" batches={props.batches} filter={held(me)} />
      {Array.from({ length: inputs }, (_, i) => (
        <fieldset>
          <legend>Input {i + 1}</legend>
          <Fields>
            <TextField name={`inputs.${i}.batch`} label="Batch" required list="transform-batches" />
            <MassField name={`inputs.${i}.massG`} label="Mass used" required />
          </Fields>
        </fieldset>
      ))}
      {Array.from({ length: outputs }, (_, i) => (
        <fieldset>
          <legend>Output {i + 1}</legend>
          <Fields>
            <TextField name={`outputs.${i}.id`} label="New batch id" required />
            <TextField name={`outputs.${i}.material`} label="Material" required list="materials" />
            <SelectField name={`outputs.${i}.form`} label="Form" options={FORMS} />
            <MassField name={`outputs.${i}.massG`} label="Mass" required />
          </Fields>
        </fieldset>
      ))}
      <div class="row">
        <button type="button" class="secondary" onClick={() => setInputs((n) => n + 1)}>
          Add an input
        </button>
        <button type="button" class="secondary" onClick={() => setOutputs((n) => n + 1)}>
          Add an output
        </button>
      </div>
      <Fields>
        <TextField name="note" label="Note" />
      </Fields>
    </EventFormShell>
  );
}

export function ExportForm(props: FormProps) {
  const me = props.session.participant.id;
  const { shell } = useEventForm({
    prefix: 'export',
    type: 'batch.export',
    session: props.session,
    ledger: props.ledger,
    initial: { 'wasteCode.scheme': 'basel' },
    onAppended: props.onAppended,
    build: (read) => {
      const code = read.text('wasteCode.code');
      const facility = read.text('destination.facility');
      return {
        batch: read.required('batch'),
        destination: { country: country(read, 'destination.country'), consignee: read.required('destination.consignee'), ...(facility ? { facility } : {}) },
        ...(code ? { wasteCode: { scheme: read.required('wasteCode.scheme') as (typeof WASTE_SCHEMES)[number], code } } : {}),
        ...note(read),
      };
    },
  });
  return (
    <EventFormShell shell={shell} title="Export a batch" submitLabel="Sign and export">
      <Fields>
        <TextField name="batch" label="Batch" required list="export-batches" />
        <BatchList id="export-batches" batches={props.batches} filter={held(me)} />
        <TextField name="destination.country" label="Destination country" required />
        <TextField name="destination.consignee" label="Consignee" required />
        <TextField name="destination.facility" label="Facility" />
        <SelectField name="wasteCode.scheme" label="Waste code scheme" options={WASTE_SCHEMES} required />
        <TextField name="wasteCode.code" label="Waste code" placeholder="B1010" />
        <TextField name="note" label="Note" />
      </Fields>
    </EventFormShell>
  );
}

export function RetireForm(props: FormProps) {
  const me = props.session.participant.id;
  const { shell } = useEventForm({
    prefix: 'retire',
    type: 'batch.retire',
    session: props.session,
    ledger: props.ledger,
    initial: { reason: 'incorporated' },
    onAppended: props.onAppended,
    build: (read) => {
      const massG = read.mass('massG', false);
      return { batch: read.required('batch'), ...(massG !== undefined ? { massG } : {}), reason: read.required('reason') as (typeof RETIRE_REASONS)[number], ...note(read) };
    },
  });
  return (
    <EventFormShell shell={shell} title="Retire a batch" submitLabel="Sign and retire">
      <Fields>
        <TextField name="batch" label="Batch" required list="retire-batches" />
        <BatchList id="retire-batches" batches={props.batches} filter={held(me)} />
        <MassField name="massG" label="Mass (the whole batch when empty)" />
        <SelectField name="reason" label="Reason" options={RETIRE_REASONS} required />
        <TextField name="note" label="Note" />
      </Fields>
    </EventFormShell>
  );
}
