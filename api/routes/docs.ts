import { readFileSync } from 'node:fs';
import { Router, type NextFunction, type Request, type Response } from 'express';
import swaggerUi from 'swagger-ui-express';
import { parse } from 'yaml';

const OPENAPI_PATH = new URL('../../openapi.yaml', import.meta.url);

/** A Host header that is a plain host name or address with an optional port, nothing else. */
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

/**
 * The document as Swagger UI should see it from this request: its one server is the host the
 * page was loaded from (so "Try it out" calls this server, not 127.0.0.1:8080 from the committed
 * document). An odd Host header gets the relative URL `/`, which resolves to the same place.
 */
function documentFor(document: Record<string, unknown>, req: Request): Record<string, unknown> {
  const host = req.get('host') ?? '';
  const url = PLAIN_HOST.test(host) ? `${req.protocol}://${host}` : '/';
  return { ...document, servers: [{ url, description: 'this server' }] };
}

/** The contract, as YAML and JSON, and Swagger UI over it at /docs. */
export function docsRoutes(): Router {
  const yamlText = readFileSync(OPENAPI_PATH, 'utf8');
  const document = parse(yamlText) as Record<string, unknown>;
  const options = { customSiteTitle: 'Tally API' };
  const router = Router();
  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(yamlText);
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use(
    '/docs',
    (req: Request, _res: Response, next: NextFunction) => {
      (req as Request & { swaggerDoc?: unknown }).swaggerDoc = documentFor(document, req);
      next();
    },
    swaggerUi.serveFiles(document, options),
    swaggerUi.setup(document, options),
  );
  return router;
}
