import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { EventSigner, type EventFields } from '../../../sdk/event-builder.js';
import type { TallyEvent } from '../../../schemas/events.js';
import { publicApi, type Problem } from '../api.js';
import type { Session } from '../session.js';
import { parseMass, type MassUnit } from '../units.js';
import { FormContext, type FormState } from './fields.js';

/** Reads form values into event fields, collecting a message per field that is not right. */
export class FieldReader {
  readonly errors: Record<string, string> = {};
  constructor(
    private readonly values: Record<string, string>,
    private readonly units: Record<string, MassUnit>,
  ) {}

  text(name: string): string | undefined {
    const value = (this.values[name] ?? '').trim();
    return value === '' ? undefined : value;
  }

  required(name: string): string {
    const value = this.text(name);
    if (value === undefined) this.errors[name] = 'required';
    return value ?? '';
  }

  /** Grams of a mass field; undefined when optional and empty. */
  mass(name: string, required = true): number | undefined {
    const text = this.text(name);
    if (text === undefined) {
      if (required) this.errors[name] = 'required';
      return undefined;
    }
    const parsed = parseMass(text, this.units[name] ?? 't');
    if ('error' in parsed) {
      this.errors[name] = parsed.error;
      return undefined;
    }
    return parsed.grams;
  }
}

type EventType = TallyEvent['type'];

export interface SubmitResult {
  seq: number;
  type: EventType;
}

/**
 * The name of the rendered field a problem's path points at: the longest prefix of the path
 * (without its leading `event`) that names a field of this form.
 */
function fieldForPath(prefix: string, path: ReadonlyArray<string | number> | undefined): string | undefined {
  if (!path) return undefined;
  const parts = path[0] === 'event' ? path.slice(1) : path;
  for (let n = parts.length; n > 0; n--) {
    const name = parts.slice(0, n).join('.');
    if (document.getElementById(`${prefix}-${name.replace(/\./g, '-')}`)) return name;
  }
  return undefined;
}

/**
 * One event form: its values, client-side checks, signing in the page with the participant's
 * key, submission, and the server's problem shown next to the field its `path` names.
 */
export function useEventForm<T extends EventType>(options: {
  prefix: string;
  type: T;
  session: Session;
  ledger: string;
  initial?: Record<string, string>;
  build: (read: FieldReader) => EventFields<T>;
  onAppended: (result: SubmitResult) => void;
}) {
  const [values, setValues] = useState<Record<string, string>>(options.initial ?? {});
  const [units, setUnits] = useState<Record<string, MassUnit>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [done, setDone] = useState<SubmitResult | undefined>();
  const [busy, setBusy] = useState(false);
  const signer = useMemo(
    () => new EventSigner({ ledger: options.ledger, actor: options.session.participant.id, secretKey: options.session.secretKey }),
    [options.ledger, options.session],
  );

  const state: FormState = {
    values,
    units,
    errors,
    prefix: options.prefix,
    set: (name, value) => setValues((v) => ({ ...v, [name]: value })),
    setUnit: (name, unit) => setUnits((u) => ({ ...u, [name]: unit })),
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(undefined);
    setFormError(undefined);
    const read = new FieldReader(values, units);
    const fields = options.build(read);
    setErrors(read.errors);
    if (Object.keys(read.errors).length > 0) return;
    setBusy(true);
    try {
      const envelope = signer.sign(options.type, fields);
      const { data, error } = await publicApi.POST('/v1/events', { body: envelope as never });
      if (error) {
        const problem = error as Problem;
        const field = fieldForPath(options.prefix, problem.path);
        if (field) setErrors({ [field]: `${problem.detail} (${problem.code})` });
        else setFormError(`${problem.detail} (${problem.code}${problem.path ? ' at ' + problem.path.join('.') : ''})`);
        return;
      }
      const result = { seq: data.seq, type: options.type };
      setDone(result);
      setValues(options.initial ?? {});
      options.onAppended(result);
    } catch (err) {
      setFormError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return { shell: { state, submit, busy, formError, done, prefix: options.prefix, type: options.type, actor: options.session.participant.id }, values };
}

export type FormShell = ReturnType<typeof useEventForm>['shell'];

/** The frame of every event form: title, fields, the form-level error, submit, the outcome. */
export function EventFormShell({ shell, title, submitLabel, children }: { shell: FormShell; title: string; submitLabel: string; children: ComponentChildren }) {
  return (
    <form class="event-form" onSubmit={shell.submit} noValidate aria-labelledby={`${shell.prefix}-title`} data-testid={`form-${shell.type}`}>
      <h4 id={`${shell.prefix}-title`}>{title}</h4>
      <FormContext.Provider value={shell.state}>{children}</FormContext.Provider>
      {shell.formError ? (
        <p class="field-error" role="alert" data-testid="form-error">
          {shell.formError}
        </p>
      ) : null}
      <div class="row">
        <button type="submit" disabled={shell.busy}>
          {shell.busy ? 'Signing and sending…' : submitLabel}
        </button>
        <span class="hint">Signed in this page with your key, as {shell.actor}.</span>
      </div>
      <p role="status" class="success" data-testid="form-done">
        {shell.done ? `✓ Appended to the log as entry ${shell.done.seq}.` : ''}
      </p>
    </form>
  );
}
