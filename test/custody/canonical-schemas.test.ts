import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { envelopeSchema, parseEnvelope } from '../../schemas/events.js';
import { stringifiesCanonically } from '../../ledger/encoding/jcs-fast-path.js';
import { canonicalize } from '../../ledger/encoding/jcs.js';

/** Zod node types that hand back exactly the value they were given and contain no other schema. */
const LEAVES = new Set(['string', 'number', 'boolean', 'null', 'literal', 'enum', 'never']);
/** Nodes the walk descends into; they too hand back what they were given (zod's object rebuilds it in shape order). */
const CONTAINERS = new Set(['object', 'array', 'union', 'optional', 'nullable', 'readonly']);

interface Finding {
  path: string;
  problem: string;
}

/** Walks every schema node reachable from `schema`, reporting objects out of JCS order and nodes that can change a value. */
function walk(schema: z.ZodType, path: string, findings: Finding[], seen = new Set<unknown>()): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  // Anything else (a default, transform, pipe or catch, but also a record or tuple this walk does
  // not look inside) fails, so no subtree passes unchecked.
  if (!LEAVES.has(def.type) && !CONTAINERS.has(def.type)) findings.push({ path, problem: `a ${def.type} node, which can change the value it returns or hides a subtree from this walk` });
  const children: Array<[string, unknown]> = [];
  if (def.type === 'object') {
    const keys = Object.keys(def.shape as object);
    const sorted = [...keys].sort();
    if (keys.join() !== sorted.join()) findings.push({ path, problem: `fields ${keys.join(',')} are not in JCS order` });
    for (const key of keys) children.push([`${path}.${key}`, (def.shape as Record<string, unknown>)[key]]);
    if (def.catchall !== undefined) children.push([`${path}.*`, def.catchall]);
  }
  if (def.type === 'array') children.push([`${path}[]`, def.element]);
  if (def.type === 'union') (def.options as unknown[]).forEach((option, i) => children.push([`${path}|${i}`, option]));
  if (def.innerType !== undefined) children.push([path, def.innerType]);
  for (const [childPath, child] of children) walk(child as z.ZodType, childPath, findings, seen);
}

describe('event schemas return exactly the canonical value they were given', () => {
  it('declares every object of every event type in JCS order and changes no value (no defaults, transforms or pipes)', () => {
    const findings: Finding[] = [];
    walk(envelopeSchema, 'envelope', findings);
    expect(findings).toEqual([]);
  });

  it('finds both faults in a schema that has them, so the walk above can fail', async () => {
    const { z } = await import('zod');
    const findings: Finding[] = [];
    walk(z.strictObject({ b: z.string(), a: z.array(z.strictObject({ y: z.string().default('x') })) }), 'bad', findings);
    expect(findings.map((f) => f.path)).toEqual(['bad', 'bad.a[].y']);
  });

  it('hands back events the canonical writer takes as they are, for input in any key order', () => {
    const event = { type: 'batch.transfer', toSite: 'works', to: 'mill', batch: 'b-1', at: '2026-03-01T09:30:00Z', actor: 'recycler', id: 'ev-1', ledger: 'example.org/tally', v: 1, evidence: [{ uri: 'https://example.org/t', sha256: 'a'.repeat(64), kind: 'weighbridge-ticket' }] };
    const parsed = parseEnvelope({ sig: 'A'.repeat(86), keyId: '9f86d081884c7d65', event }).event;
    expect(stringifiesCanonically(parsed)).toBe(true);
    expect(JSON.stringify(parsed)).toBe(canonicalize(event));
  });
});
