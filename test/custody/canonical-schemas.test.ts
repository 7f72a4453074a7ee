import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { envelopeSchema, parseEnvelope } from '../../schemas/events.js';
import { stringifiesCanonically } from '../../ledger/encoding/jcs-fast-path.js';
import { canonicalize } from '../../ledger/encoding/jcs.js';

/** Zod node types that can hand back something other than what they were given. */
const VALUE_CHANGING = new Set(['pipe', 'transform', 'default', 'prefault', 'catch', 'success', 'nan', 'custom', 'lazy', 'promise', 'function']);

interface Finding {
  path: string;
  problem: string;
}

/** Walks every schema node reachable from `schema`, reporting objects out of JCS order and nodes that can change a value. */
function walk(schema: z.ZodType, path: string, findings: Finding[], seen = new Set<unknown>()): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  if (VALUE_CHANGING.has(def.type)) findings.push({ path, problem: `a ${def.type} node, which can change the value it returns` });
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
  for (const wrapper of ['innerType', 'in', 'out']) if (def[wrapper] !== undefined) children.push([path, def[wrapper]]);
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
