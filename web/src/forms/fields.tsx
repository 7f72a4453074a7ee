import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { MassUnit } from '../units.js';

/**
 * Form state shared by the field components: values by field name (the dotted path of the
 * event field it fills, `batch.massG`, `inputs.0.batch`), the unit of each mass field, and
 * errors by field name, so a problem's `path` from the server lands next to its field.
 */
export interface FormState {
  values: Record<string, string>;
  units: Record<string, MassUnit>;
  errors: Record<string, string>;
  set(name: string, value: string): void;
  setUnit(name: string, unit: MassUnit): void;
  /** Prefix of every element id in this form (two forms may share field names). */
  prefix: string;
}

export const FormContext = createContext<FormState | undefined>(undefined);

function useField(name: string) {
  const form = useContext(FormContext)!;
  const id = `${form.prefix}-${name.replace(/\./g, '-')}`;
  const error = form.errors[name];
  return { form, id, error, errorId: `${id}-error` };
}

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={id} class="field-error" data-testid="field-error">
      {error}
    </p>
  ) : null;
}

export function TextField(props: { name: string; label: string; required?: boolean; placeholder?: string; list?: string; hint?: string }) {
  const { form, id, error, errorId } = useField(props.name);
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        {props.required ? '' : ' (optional)'}
      </label>
      <input
        id={id}
        name={props.name}
        value={form.values[props.name] ?? ''}
        onInput={(e) => form.set(props.name, (e.target as HTMLInputElement).value)}
        required={props.required}
        placeholder={props.placeholder}
        list={props.list}
        autocomplete="off"
        spellcheck={false}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      {props.hint ? <span class="hint">{props.hint}</span> : null}
      <FieldError id={errorId} error={error} />
    </div>
  );
}

export function SelectField(props: { name: string; label: string; options: Array<string | [string, string]>; required?: boolean }) {
  const { form, id, error, errorId } = useField(props.name);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={form.values[props.name] ?? ''}
        onChange={(e) => form.set(props.name, (e.target as HTMLSelectElement).value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? errorId : undefined}
      >
        {props.required ? null : <option value="">—</option>}
        {props.options.map((o) => {
          const [value, label] = typeof o === 'string' ? [o, o] : o;
          return <option value={value}>{label}</option>;
        })}
      </select>
      <FieldError id={errorId} error={error} />
    </div>
  );
}

/** A mass in tonnes or kilograms; the event carries the exact grams. */
export function MassField(props: { name: string; label: string; required?: boolean }) {
  const { form, id, error, errorId } = useField(props.name);
  const unit = form.units[props.name] ?? 't';
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        {props.required ? '' : ' (optional)'}
      </label>
      <div class="mass">
        <input
          id={id}
          name={props.name}
          inputMode="decimal"
          value={form.values[props.name] ?? ''}
          onInput={(e) => form.set(props.name, (e.target as HTMLInputElement).value)}
          required={props.required}
          autocomplete="off"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        <label class="sr-only" for={`${id}-unit`}>
          unit of {props.label}
        </label>
        <select id={`${id}-unit`} value={unit} onChange={(e) => form.setUnit(props.name, (e.target as HTMLSelectElement).value as MassUnit)}>
          <option value="t">t</option>
          <option value="kg">kg</option>
        </select>
      </div>
      <FieldError id={errorId} error={error} />
    </div>
  );
}

export function Fields({ children }: { children: ComponentChildren }) {
  return <div class="form-grid">{children}</div>;
}
