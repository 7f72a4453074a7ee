import { z } from 'zod';
import { errorCatalog } from '../errors/index.js';
import type { Operation } from './operations.js';

const COMPONENT_REF = (id: string) => `#/components/schemas/${id}`;

export interface DocumentInfo {
  version: string;
  operations: readonly Operation[];
}

/**
 * Builds the OpenAPI 3.1 document from the zod schemas (the one source of the contract) and the
 * operations table. Deterministic: the same inputs give the same document, key for key, so a
 * committed copy can be checked for staleness.
 */
export function buildOpenApiDocument({ version, operations }: DocumentInfo): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { uri: COMPONENT_REF, target: 'draft-2020-12', unrepresentable: 'any' }) as {
    schemas: Record<string, Record<string, unknown>>;
  };
  const components: Record<string, unknown> = {};
  for (const id of Object.keys(schemas).sort()) {
    // `$schema` and `$id` belong to standalone schemas; inside an OpenAPI 3.1 document a component
    // is named by its key, and a fragment `$id` is not valid JSON Schema 2020-12.
    const { $schema: _schema, $id: _id, ...schema } = schemas[id]!;
    components[id] = schema;
  }

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = operationObject(op);
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Tally',
      version,
      description:
        'A verifiable custody ledger for metals: Ed25519-signed custody events in an append-only RFC 6962 Merkle log, ' +
        'with provenance arithmetic, claims, reports, proofs and audit bundles. Protocol: Tally protocol version 1. ' +
        'Errors are RFC 9457 problems with a stable `code` (listed in the Problem schema).',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: 'http://127.0.0.1:8080', description: 'npm start' }],
    tags: [
      { name: 'log', description: 'The verifiable log: head, checkpoint, proofs, entries' },
      { name: 'events', description: 'Submitting signed custody events' },
      { name: 'directory', description: 'The public participant directory' },
      { name: 'batches', description: 'Batch state, provenance, lineage and audit bundles' },
      { name: 'claims', description: 'Verifying recycled-content and origin claims' },
      { name: 'reports', description: 'Retention, dependency and concentration reports' },
    ],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        httpMessageSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'Signature',
          description:
            'RFC 9421 HTTP Message Signature: `alg="ed25519"`, `keyid="<participant>/<keyId>"`, `created` within 5 minutes, ' +
            'covering `@method` and `@target-uri` (or `@path` and `@query`), and `content-digest` when there is a body. ' +
            'Sent with its `Signature-Input` header.',
        },
      },
    },
  };
}

function operationObject(op: Operation): Record<string, unknown> {
  const parameters = [
    ...Object.entries(op.pathParams ?? {}).map(([name, p]) => ({ name, in: 'path', required: true, description: p.description, schema: p.schema })),
    ...queryParameters(op.query),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(op.responses)) {
    const content = r.mediaType
      ? { [r.mediaType]: { schema: { type: 'object' }, ...(r.example !== undefined ? { example: r.example } : {}) } }
      : r.binary
      ? { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } }
      : r.text
      ? { 'text/plain': { schema: { type: 'string' }, ...(r.example !== undefined ? { example: r.example } : {}) } }
      : r.schemaId
        ? { 'application/json': { schema: { $ref: COMPONENT_REF(r.schemaId) }, ...(r.example !== undefined ? { example: r.example } : {}) } }
        : undefined;
    responses[status] = { description: r.description, ...(content ? { content } : {}) };
  }
  const byStatus = new Map<number, string[]>();
  // Every /v1 operation answers 503 while the store is reopened after a failed write, or once a
  // check found the store wrong (see api/app.ts).
  const errors = op.path.startsWith('/v1') && !op.errors.includes('unavailable') ? [...op.errors, 'unavailable' as const] : op.errors;
  for (const code of errors) {
    const { status } = errorCatalog[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: `Problem: ${codes.map((c) => '`' + c + '`').join(', ')}`,
      content: {
        'application/problem+json': {
          schema: { $ref: COMPONENT_REF('Problem') },
          example: { type: `https://tally.example/problems/${codes[0]}`, title: errorCatalog[codes[0] as keyof typeof errorCatalog].title, status, code: codes[0], detail: '…' },
        },
      },
    };
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    ...(op.access === 'signed' ? { security: [{ httpMessageSignature: [] }] } : { security: [] }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: COMPONENT_REF(op.body.schemaId) }, ...(op.body.example !== undefined ? { example: op.body.example } : {}) } },
          },
        }
      : {}),
    responses,
  };
}

function queryParameters(query: z.ZodObject | undefined): Array<Record<string, unknown>> {
  if (!query) return [];
  const json = z.toJSONSchema(query, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, in: 'query', required: json.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
}
