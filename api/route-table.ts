import { OPERATIONS } from '../schemas/openapi/routes.js';

/**
 * Every path the API serves, with its methods: used to answer 405 (with Allow) rather than 404
 * for a known path. Derived from the operations table that also generates openapi.yaml.
 */
const ROUTES: ReadonlyArray<{ path: string; methods: readonly string[] }> = [...new Set(OPERATIONS.map((op) => op.path))].map((path) => ({
  path,
  methods: OPERATIONS.filter((op) => op.path === path).map((op) => op.method.toUpperCase()),
}));

const compiled = ROUTES.map(({ path, methods }) => ({
  pattern: new RegExp('^' + path.replace(/\{[^}]+\}/g, '[^/]+') + '/?$'),
  methods: [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])],
}));

/** The methods allowed on a concrete request path, or undefined when no route matches it. */
export function knownRoute(path: string): string[] | undefined {
  return compiled.find(({ pattern }) => pattern.test(path))?.methods;
}
