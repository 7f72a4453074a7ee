/** Error codes of the HTTP edge (SPEC section 6). */
export const httpErrors = {
  malformed_json: { status: 400, title: 'Body is not valid JSON' },
  invalid_query: { status: 400, title: 'Query parameter is missing or invalid' },
  unauthenticated: { status: 401, title: 'A valid request signature is required' },
  not_found: { status: 404, title: 'No such resource' },
  method_not_allowed: { status: 405, title: 'Method not allowed on this resource' },
  payload_too_large: { status: 413, title: 'Body exceeds the size limit' },
  unsupported_media_type: { status: 415, title: 'Content-Type must be application/json' },
  unavailable: { status: 503, title: 'Server is shutting down or not ready' },
  busy: { status: 503, title: 'Server is serving as many requests of this kind as it can; retry shortly' },
  internal: { status: 500, title: 'Internal error' },
} as const;
