import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderOpenApiYaml, renderSdkTypes } from '../../schemas/openapi/render.js';
import { errorCodes } from '../../schemas/errors/index.js';
import { OPERATIONS } from '../../schemas/openapi/routes.js';
import { openApiDocument } from '../support/contract.js';

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
