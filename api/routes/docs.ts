import { readFileSync } from 'node:fs';
import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { parse } from 'yaml';

const OPENAPI_PATH = new URL('../../openapi.yaml', import.meta.url);

/** The contract, as YAML and JSON, and Swagger UI over it at /docs. */
export function docsRoutes(): Router {
  const yamlText = readFileSync(OPENAPI_PATH, 'utf8');
  const document = parse(yamlText) as Record<string, unknown>;
  const router = Router();
  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(yamlText);
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'Tally API' }));
  return router;
}
