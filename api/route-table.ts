/**
 * Every path the API serves, with its methods: used to answer 405 (with Allow) rather than 404
 * for a known path, and checked against openapi.yaml by the contract tests.
 */
export const ROUTES: ReadonlyArray<{ path: string; methods: readonly string[] }> = [
  { path: '/v1/log', methods: ['GET'] },
  { path: '/v1/checkpoint', methods: ['GET'] },
  { path: '/v1/proofs/inclusion', methods: ['GET'] },
  { path: '/v1/proofs/consistency', methods: ['GET'] },
  { path: '/v1/events', methods: ['POST'] },
  { path: '/v1/entries', methods: ['GET'] },
  { path: '/v1/entries/{seq}', methods: ['GET'] },
  { path: '/v1/participants', methods: ['GET'] },
  { path: '/v1/participants/{id}', methods: ['GET'] },
  { path: '/v1/batches/{id}', methods: ['GET'] },
  { path: '/v1/batches/{id}/provenance', methods: ['GET'] },
  { path: '/v1/batches/{id}/lineage', methods: ['GET'] },
  { path: '/v1/batches/{id}/bundle', methods: ['GET'] },
  { path: '/v1/claims/verify', methods: ['POST'] },
  { path: '/v1/reports/retention', methods: ['GET'] },
  { path: '/v1/reports/concentration', methods: ['GET'] },
];

const compiled = ROUTES.map(({ path, methods }) => ({
  pattern: new RegExp('^' + path.replace(/\{[^}]+\}/g, '[^/]+') + '/?$'),
  methods: [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])],
}));

/** The methods allowed on a concrete request path, or undefined when no route matches it. */
export function knownRoute(path: string): string[] | undefined {
  return compiled.find(({ pattern }) => pattern.test(path))?.methods;
}
