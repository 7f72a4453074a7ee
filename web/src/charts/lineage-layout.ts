import { Graph, layout } from '@dagrejs/dagre';

/**
 * Layered layout of a lineage graph (dagre: the Sugiyama method, ranks top to bottom, crossings
 * reduced), loaded only when a graph is drawn. Returns positions in SVG user units.
 */

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 48;

export interface PlacedNode {
  id: string;
  x: number;
  y: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  points: Array<{ x: number; y: number }>;
}

export interface LineageLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

export function layoutLineage(nodeIds: readonly string[], edges: ReadonlyArray<{ from: string; to: string }>): LineageLayout {
  const g = new Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 48, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of nodeIds) g.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const e of edges) if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to);
  layout(g);
  const label = g.graph() as { width?: number; height?: number };
  return {
    width: Math.ceil(label.width ?? NODE_WIDTH),
    height: Math.ceil(label.height ?? NODE_HEIGHT),
    nodes: g.nodes().map((id: string) => {
      const n = g.node(id) as { x: number; y: number };
      return { id, x: n.x, y: n.y };
    }),
    edges: g.edges().map((e: { v: string; w: string }) => ({ from: e.v, to: e.w, points: ((g.edge(e) as { points?: Array<{ x: number; y: number }> }).points ?? []).slice() })),
  };
}
