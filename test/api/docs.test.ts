import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TestServer } from '../support/server.js';

/** The server publishes its own contract: Swagger UI at /docs/, the document as YAML and JSON. */

let server: TestServer;
const committed = readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8');

beforeAll(async () => {
  server = await TestServer.start();
});
afterAll(() => server?.close());

describe('contract documents', () => {
  it('GET /openapi.yaml serves the committed document', async () => {
    const res = await server.get('/openapi.yaml');
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/yaml/);
    expect(res.text).toBe(committed);
  });

  it('GET /openapi.json serves the same document as JSON', async () => {
    const res = await server.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.body).toEqual(parse(committed));
    expect(res.body.openapi).toBe('3.1.0');
  });
});

describe('Swagger UI', () => {
  it('GET /docs/ serves the Swagger UI page', async () => {
    const res = await server.get('/docs/');
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/html/);
    expect(res.text).toContain('swagger-ui');
    expect(res.text).toContain('Tally API');
  });

  it('serves the Swagger UI assets the page loads', async () => {
    const page = (await server.get('/docs/')).text;
    const assets = [...page.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect((await server.get(`/docs/${asset}`)).status, asset).toBe(200);
  });
});
