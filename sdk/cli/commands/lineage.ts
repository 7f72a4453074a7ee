import type { components } from '../../generated/api.js';
import { clientFor, CONNECTION_OPTIONS, positional, problemResult, type Command } from '../context.js';
import { formatMass } from '../mass.js';

type Lineage = components['schemas']['Lineage'];

const VERB: Record<string, string> = { 'batch.transfer': 'split', 'batch.transform': 'transform', 'batch.export': 'export split' };

/**
 * The lineage graph as an indented tree from the batch: its parents (up) or children (down).
 * A batch reached twice (a blend fed by one source along two paths) is printed once in full and
 * then referred to, so the tree stays finite and readable.
 */
export function lineageTree(lineage: Lineage): string[] {
  const nodes = new Map(lineage.nodes.map((n) => [n.id, n]));
  const up = lineage.direction === 'up';
  const next = new Map<string, Lineage['edges']>();
  for (const edge of lineage.edges) {
    const from = up ? edge.to : edge.from;
    next.set(from, [...(next.get(from) ?? []), edge]);
  }
  const label = (id: string) => {
    const n = nodes.get(id);
    return n ? `${id}  ${formatMass(n.massG)} ${n.material} ${n.form}, ${n.status}, ${n.custodian}` : id;
  };
  const lines = [label(lineage.batch)];
  const printed = new Set([lineage.batch]);
  const walk = (id: string, indent: string) => {
    const edges = next.get(id) ?? [];
    edges.forEach((edge, i) => {
      const last = i === edges.length - 1;
      const other = up ? edge.from : edge.to;
      const seen = printed.has(other);
      lines.push(`${indent}${last ? '└─' : '├─'} ${VERB[edge.type] ?? edge.type} @${edge.seq} ${seen ? `${other} (shown above)` : label(other)}`);
      if (seen) return;
      printed.add(other);
      walk(other, indent + (last ? '   ' : '│  '));
    });
  };
  walk(lineage.batch, '');
  return lines;
}

export const lineage: Command = {
  name: 'lineage',
  summary: 'The tree of batches a batch came from (or, with --down, what became of it), with the linking entries',
  usage: 'tally lineage <batch> [--down] [--json]',
  examples: ['tally lineage cable-6242y-2026-w14', 'tally lineage cu-birch-0907 --down'],
  options: { ...CONNECTION_OPTIONS, down: { type: 'boolean', default: false } },
  async run(args) {
    const id = positional(args, 'batch', this);
    const direction = args.values.down === true ? 'down' : 'up';
    const { data, error } = await clientFor(args).GET('/v1/batches/{id}/lineage', { params: { path: { id }, query: { direction } } });
    if (error) return problemResult(error);
    return { json: data, text: lineageTree(data).join('\n') };
  },
};
