import type { z } from 'zod';
import type { ErrorCode } from '../errors/index.js';

/**
 * One operation of the HTTP API, as the OpenAPI document describes it. This table is the single
 * list of routes: the server's 405 handling and the document are both derived from it.
 */
export interface Operation {
  method: 'get' | 'post';
  /** OpenAPI path template, e.g. `/v1/batches/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: 'log' | 'events' | 'directory' | 'batches' | 'claims' | 'reports';
  /** `public` needs no request signature; `signed` needs an RFC 9421 signature (401 without). */
  access: 'public' | 'signed';
  query?: z.ZodObject;
  pathParams?: Record<string, { description: string; schema: Record<string, unknown> }>;
  body?: { schemaId: string; example?: unknown };
  /**
   * Success responses: status -> component schema id, `text` for text/plain, `binary` for
   * application/octet-stream, or `mediaType` for a JSON document of another standard (EPCIS, VC),
   * described there rather than here.
   */
  responses: Record<number, { description: string; schemaId?: string; text?: true; binary?: true; mediaType?: string; example?: unknown }>;
  /** Every problem code this operation may answer with. */
  errors: ErrorCode[];
}
