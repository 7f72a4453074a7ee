// Validators for the official schemas of the reference material: EPCIS 2.0 (JSON Schema
// draft-07) and UNTP 0.6.1 DPP and DTE (2020-12), read from ../shared/reference/ at run time.

import { Ajv as AjvDraft7, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { readReferenceJson } from './reference.js';

const addFormats = addFormatsModule as unknown as (ajv: unknown) => void;

function explain(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors?.slice(0, 5), null, 1);
}

export interface SchemaCheck {
  (doc: unknown): { ok: boolean; errors: string };
}

function checker(validate: ValidateFunction): SchemaCheck {
  return (doc) => {
    const ok = validate(doc) as boolean;
    return { ok, errors: ok ? '' : explain(validate) };
  };
}

export function epcisSchema(): SchemaCheck {
  const ajv = new AjvDraft7({ strict: false, allErrors: true });
  addFormats(ajv);
  return checker(ajv.compile(readReferenceJson('epcis', 'EPCIS-JSON-Schema.json')));
}

function untpAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // Non-standard formats the UNTP schemas use, declared permissive as the reference README says.
  ajv.addFormat('float', true);
  ajv.addFormat('binary', true);
  return ajv;
}

export function dppSchema(): SchemaCheck {
  return checker(untpAjv().compile(readReferenceJson('untp-0.6.1', 'dpp', 'untp-dpp-schema.json')));
}

export function dteSchema(): SchemaCheck {
  return checker(untpAjv().compile(readReferenceJson('untp-0.6.1', 'dte', 'untp-dte-schema.json')));
}
