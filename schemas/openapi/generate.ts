/**
 * `npm run openapi`: writes openapi.yaml from the zod schemas and the operations table, then the
 * SDK's TypeScript types from openapi.yaml (openapi-typescript). Both outputs are committed; the
 * contract tests fail when either is stale.
 */
import { writeFileSync } from 'node:fs';
import { renderOpenApiYaml, renderSdkTypes } from './render.js';

const yamlText = renderOpenApiYaml();
writeFileSync(new URL('../../openapi.yaml', import.meta.url), yamlText);
writeFileSync(new URL('../../sdk/generated/api.ts', import.meta.url), await renderSdkTypes(yamlText));
console.log('wrote openapi.yaml and sdk/generated/api.ts');
