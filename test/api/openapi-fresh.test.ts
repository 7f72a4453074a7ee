import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderOpenApiYaml, renderSdkTypes } from '../../schemas/openapi/render.js';
import { errorCodes } from '../../schemas/errors/index.js';
import { OPERATIONS } from '../../schemas/openapi/routes.js';
import { expectMatchesContract, openApiDocument, pathTemplateOf } from '../support/contract.js';

/**
 * The contract has one source, the zod schemas and the operations table; openapi.yaml and the
 * SDK's types are generated from it and committed. CI fails here when either is stale.
 */

const STALE = 'is stale: run `npm run openapi` and commit the result';

describe('generated contract files', () => {
  const yamlText = renderOpenApiYaml();

  it('openapi.yaml is what the schemas generate', () => {
    const committed = readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8');
    expect(committed === yamlText, `openapi.yaml ${STALE}`).toBe(true);
  });

  it('sdk/generated/api.ts is what openapi.yaml generates', async () => {
    const committed = readFileSync(new URL('../../sdk/generated/api.ts', import.meta.url), 'utf8');
    expect(committed === (await renderSdkTypes(yamlText)), `sdk/generated/api.ts ${STALE}`).toBe(true);
  });
});

describe('the document', () => {
  it('has every operation of the table, and lists every error code in Problem', () => {
    for (const op of OPERATIONS) expect(openApiDocument.paths[op.path]?.[op.method], `${op.method} ${op.path}`).toBeDefined();
    const problem = openApiDocument.components.schemas['Problem'] as { properties: { code: { enum: string[] } } };
    expect([...problem.properties.code.enum].sort()).toEqual([...errorCodes].sort());
  });

  it('declares 401 on every signed operation and on no public one', () => {
    for (const op of OPERATIONS) {
      const declares401 = openApiDocument.paths[op.path]![op.method]!.responses['401'] !== undefined;
      expect(declares401, `${op.method} ${op.path} (${op.access})`).toBe(op.access === 'signed');
    }
  });
});

/** The checker every API test relies on must be able to fail, or the contract tests prove nothing. */
describe('the contract checker', () => {
  const logInfo = { origin: 'o', homeCountry: 'GB', logKey: 'k', size: 1, rootHash: 'a'.repeat(64) };
  const notFound = { type: 'https://tally.example/problems/not_found', title: 'No such resource', status: 404, code: 'not_found', detail: 'no batch b' };

  it('maps concrete paths to templates', () => {
    expect(pathTemplateOf('/v1/batches/b-1/provenance')).toBe('/v1/batches/{id}/provenance');
    expect(pathTemplateOf('/v1/entries?from=3')).toBe('/v1/entries');
    expect(pathTemplateOf('/v1/nothing')).toBeUndefined();
  });

  it('accepts what the document allows', () => {
    expectMatchesContract('GET', '/v1/log', 200, 'application/json; charset=utf-8', logInfo);
    expectMatchesContract('GET', '/v1/batches/{id}', 404, 'application/problem+json', notFound);
    expectMatchesContract('GET', undefined, 404, 'application/problem+json', notFound);
  });

  it.each([
    ['a body of the wrong shape', () => expectMatchesContract('GET', '/v1/log', 200, 'application/json', { ...logInfo, rootHash: 'xyz' })],
    ['a status the operation does not declare', () => expectMatchesContract('GET', '/v1/log', 404, 'application/problem+json', notFound)],
    ['a content type the response does not declare', () => expectMatchesContract('GET', '/v1/checkpoint', 200, 'application/json', 'text')],
    ['a problem with an unknown code', () => expectMatchesContract('GET', '/v1/batches/{id}', 404, 'application/problem+json', { ...notFound, code: 'nope' })],
    ['a non-problem where no operation exists', () => expectMatchesContract('GET', undefined, 404, 'text/html', '<p>not found</p>')],
  ])('refuses %s', (_name, check) => {
    expect(check).toThrow();
  });
});
