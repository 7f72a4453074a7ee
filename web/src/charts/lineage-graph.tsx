import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../api.js';
import { formatMass } from '../units.js';
import type { LineageLayout } from './lineage-layout.js';

type Node = Schemas['Lineage']['nodes'][number];
type Edge = Schemas['Lineage']['edges'][number];

const EDGE_WORD: Record<Edge['type'], string> = { 'batch.transfer': 'split', 'batch.transform': 'transform', 'batch.export': 'export split' };

/**
 * A batch's lineage up (ancestors) and down (descendants) as one laid-out graph: each node a
 * batch, a link to open it (keyboard reachable), each edge the entry that made the child.
 * A list of the same edges follows for screen readers.
 */
export function LineageGraph({ focus, nodes, edges, href }: { focus: string; nodes: Node[]; edges: Edge[]; href: (id: string) => string }) {
  const [placed, setPlaced] = useState<LineageLayout | undefined>();
  const key = nodes.map((n) => n.id).join(' ') + '|' + edges.map((e) => `${e.from}>${e.to}`).join(' ');
  useEffect(() => {
    let live = true;
    import('./lineage-layout.js').then(({ layoutLineage }) => {
      if (live) setPlaced(layoutLineage(nodes.map((n) => n.id), edges));
    });
    return () => {
      live = false;
    };
  }, [key]);

  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edgeOf = new Map(edges.map((e) => [`${e.from}>${e.to}`, e]));
  return (
    <figure class="graph" data-testid="lineage-graph">
      <figcaption>Lineage of {focus}: ancestors above, descendants below</figcaption>
      {placed ? (
        <svg viewBox={`0 0 ${placed.width} ${placed.height}`} width={placed.width} height={placed.height} role="group" aria-label={`Lineage graph of ${focus}`}>
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" fill="#7b8794" />
            </marker>
          </defs>
          {placed.edges.map((e) => {
            const d = e.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
            const mid = e.points[Math.floor(e.points.length / 2)];
            const edge = edgeOf.get(`${e.from}>${e.to}`);
            return (
              <g>
                <path d={d} marker-end="url(#arrow)" />
                {mid && edge ? (
                  <text x={mid.x + 6} y={mid.y} class="edge-label">
                    {EDGE_WORD[edge.type]} #{edge.seq}
                  </text>
                ) : null}
              </g>
            );
          })}
          {placed.nodes.map((p) => {
            const n = byId.get(p.id);
            return (
              <a href={href(p.id)} class={`node ${p.id === focus ? 'focus' : ''}`} data-batch={p.id}>
                <rect x={p.x - 95} y={p.y - 24} width={190} height={48} />
                <text x={p.x} y={p.y - 5} text-anchor="middle">
                  {p.id.length > 26 ? p.id.slice(0, 25) + '…' : p.id}
                </text>
                <text x={p.x} y={p.y + 13} text-anchor="middle" class="sub">
                  {n ? `${n.material} ${n.form} · ${formatMass(n.massG)} · ${n.status}` : ''}
                </text>
              </a>
            );
          })}
        </svg>
      ) : (
        <p class="loading">Laying out…</p>
      )}
      <details>
        <summary>The lineage as a list</summary>
        <ul>
          {edges.map((e) => (
            <li>
              {e.from} → {e.to} ({EDGE_WORD[e.type]}, entry {e.seq})
            </li>
          ))}
          {edges.length === 0 ? <li>No parent or child batches.</li> : null}
        </ul>
      </details>
    </figure>
  );
}
