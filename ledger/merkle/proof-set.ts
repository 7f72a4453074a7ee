/**
 * Many inclusion proofs in one tree, each node given once: what a batch plan (batch-plan.ts)
 * resolves to. An audit bundle of a deep batch holds ten thousand proofs of fourteen hashes, of
 * which about a sixth are distinct; proofs of leaves under one subtree share every node from that
 * subtree's sibling up to the root.
 */
export interface ProofSet {
  /** Each distinct proof node, as lowercase hex. */
  nodes: readonly string[];
  /**
   * Per proof, indexes into `nodes`, leaf to root. An index names one node of the tree, never
   * two, so every proof an index appears in goes on from it to the root through the same indexes:
   * a writer that has written the rest of a proof from a node once may copy it for the next.
   */
  proofs: ReadonlyArray<readonly number[]>;
}

/** The proofs of `set` as hex strings, in its order. */
export function proofsOf(set: ProofSet): string[][] {
  return set.proofs.map((proof) => proof.map((node) => set.nodes[node]!));
}

/**
 * `proofs` as a set with no node shared, which holds the set's promise for any proofs (a node
 * index appears in one proof only). For proofs that come one by one, not from one plan.
 */
export function separateProofs(proofs: ReadonlyArray<readonly string[]>): ProofSet {
  const nodes: string[] = [];
  return { nodes, proofs: proofs.map((proof) => proof.map((hash) => nodes.push(hash) - 1)) };
}

/**
 * The proofs `picks` names, each as [set, proof index], in one set: the sets' nodes side by side,
 * so an index still names one node of one tree (sets of other trees share none).
 */
export function pickProofs(picks: ReadonlyArray<readonly [ProofSet, number]>): ProofSet {
  const offsets = new Map<ProofSet, number>();
  const nodes: string[] = [];
  for (const [set] of picks) {
    if (offsets.has(set)) continue;
    offsets.set(set, nodes.length);
    for (const node of set.nodes) nodes.push(node);
  }
  const proofs = picks.map(([set, i]) => {
    const offset = offsets.get(set)!;
    return set.proofs[i]!.map((node) => node + offset);
  });
  return { nodes, proofs };
}
