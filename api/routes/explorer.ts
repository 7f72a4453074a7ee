import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router, type Response } from 'express';

/** Where `npm run build:web` puts the explorer (web/build.ts). */
const DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * Everything the page may load comes from this server: no CDN, no inline script, no other
 * origin to send a file or a key to. The page reads the API only (`connect-src 'self'`).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function secure(res: Response): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

/**
 * The web explorer at `/`: static files built from web/src. Chunk names carry a content hash and
 * are cached for good; the entry files are revalidated so a rebuilt explorer is picked up.
 */
export function explorerRoutes(): Router {
  const router = Router();
  const files = express.static(DIST, {
    index: 'index.html',
    fallthrough: true,
    setHeaders(res, path) {
      secure(res);
      res.setHeader('Cache-Control', path.includes('/chunks/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/' && !existsSync(DIST + 'index.html')) {
      secure(res);
      res.status(503).type('text/plain').send('The web explorer is not built: run `npm run build:web`, then reload.\n');
      return;
    }
    files(req, res, next);
  });
  return router;
}
