import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { parse } from 'yaml';

/**
 * The committed contract, openapi.yaml, as a response checker for the API tests: every response
 * a test receives is validated against the operation and status the document declares for it, so
 * the document cannot drift from what the server really sends.
 */

interface MediaType {
  schema?: Record<string, unknown>;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface OperationObject {
  responses: Record<string, ResponseObject>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

export const OPENAPI_PATH = new URL('../../openapi.yaml', import.meta.url);

export const openApiDocument = parse(readFileSync(OPENAPI_PATH, 'utf8')) as OpenApiDocument;

const COMPONENT_REF = '#/components/schemas/';

/** The id under which the document's schemas are registered with Ajv; refs are resolved against it. */
const DOCUMENT_ID = 'urn:tally:openapi';

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
// OpenAPI annotations that are not JSON Schema keywords.
ajv.addKeyword('example');
ajv.addSchema({ $id: DOCUMENT_ID, $defs: rebase(withoutIds(openApiDocument.components.schemas), '#') as Record<string, unknown> });

/**
 * zod writes each component's `$id` as `#/components/schemas/<Name>`, a fragment-only id that JSON
 * Schema 2020-12 forbids (an `$id` must not carry a non-empty fragment). Refs use the same
 * JSON pointers, so dropping the ids loses nothing.
 */
function withoutIds(schemas: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(schemas).map(([name, { $id: _id, ...schema }]) => [name, schema]));
}


/** Rewrites `#/components/schemas/X` refs to `<base>/$defs/X`, where the components are registered. */
function rebase(value: unknown, base: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rebase(item, base));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith(COMPONENT_REF) ? `${base}/$defs/${v.slice(COMPONENT_REF.length)}` : rebase(v, base),
    ]),
  );
}

const compiled = new Map<string, ValidateFunction>();

/** A validator for a schema of the document; `$ref`s inside resolve against the whole document. */
function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (validate === undefined) {
    validate = ajv.compile(rebase(schema, DOCUMENT_ID + '#') as Record<string, unknown>);
    compiled.set(key, validate);
  }
  return validate;
}

const templates = Object.keys(openApiDocument.paths).map((template) => ({
  template,
  pattern: new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$'),
}));

/** The document's path template for a concrete request path (`/v1/batches/b-1` -> `/v1/batches/{id}`), if any. */
export function pathTemplateOf(path: string): string | undefined {
  const bare = path.split('?')[0]!;
  // A literal template wins over one with parameters, as in OpenAPI path matching.
  const matches = templates.filter(({ pattern }) => pattern.test(bare));
  return matches.sort((a, b) => a.template.split('{').length - b.template.split('{').length)[0]?.template;
}

/**
 * Asserts that a response matches the document: the operation declares `status`, declares a body
 * of `contentType` for it, and the body validates against that schema. A response for which no
 * operation exists (an unknown route, a method not allowed) must still be a Problem.
 */
export function expectMatchesContract(method: string, pathTemplate: string | undefined, status: number, contentType: string, body: unknown): void {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  const where = `${method.toUpperCase()} ${pathTemplate ?? '(no operation)'} -> ${status} ${mediaType}`;
  const operation = pathTemplate === undefined ? undefined : openApiDocument.paths[pathTemplate]?.[method.toLowerCase()];
  if (operation === undefined) {
    expect(mediaType, `${where}: a response outside the document must be a problem`).toBe('application/problem+json');
    expectValid(validatorFor({ $ref: '#/components/schemas/Problem' }), body, where);
    return;
  }
  const response = operation.responses[String(status)];
  expect(response, `${where}: status ${status} is not declared in openapi.yaml`).toBeDefined();
  const declared = response!.content?.[mediaType];
  expect(declared, `${where}: content type not declared (declared: ${Object.keys(response!.content ?? {}).join(', ') || 'none'})`).toBeDefined();
  expectValid(validatorFor(declared!.schema ?? {}), body, where);
}

function expectValid(validate: ValidateFunction, body: unknown, where: string): void {
  const ok = validate(body);
  expect(ok, `${where}: body does not match openapi.yaml: ${ajv.errorsText(validate.errors, { separator: '; ' })}`).toBe(true);
}
