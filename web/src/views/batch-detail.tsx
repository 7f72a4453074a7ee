import { useEffect, useState } from 'preact/hooks';
import type { TallyApi } from '../../../sdk/client.js';
import { describeProblem, type Problem, type Schemas } from '../api.js';
import { CompositionChart } from '../charts/composition.js';
import { LineageGraph } from '../charts/lineage-graph.js';
import { formatMass, formatShare } from '../units.js';

interface Detail {
  batch: Schemas['Batch'];
  provenance: Schemas['Provenance'];
  up: Schemas['Lineage'];
  down: Schemas['Lineage'];
}

/** Every protected read here is signed in the page (RFC 9421) with the participant's key. */
async function loadDetail(api: TallyApi, id: string): Promise<Detail | { problem: Problem }> {
  const path = { id };
  const [batch, provenance, up, down] = await Promise.all([
    api.GET('/v1/batches/{id}', { params: { path } }),
    api.GET('/v1/batches/{id}/provenance', { params: { path } }),
    api.GET('/v1/batches/{id}/lineage', { params: { path, query: { direction: 'up' } } }),
    api.GET('/v1/batches/{id}/lineage', { params: { path, query: { direction: 'down' } } }),
  ]);
  const failed = [batch, provenance, up, down].find((r) => r.error !== undefined);
  if (failed) return { problem: failed.error as Problem };
  return { batch: batch.data!, provenance: provenance.data!, up: up.data!, down: down.data! };
}

/** A batch as its holder sees it: state, composition, SPEC 4 figures and lineage both ways. */
export function BatchDetail({ api, id, version }: { api: TallyApi; id: string; version: number }) {
  const [detail, setDetail] = useState<Detail | { problem: Problem } | undefined>();
  useEffect(() => {
    let live = true;
    setDetail(undefined);
    loadDetail(api, id).then(
      (d) => live && setDetail(d),
      (err: Error) => live && setDetail({ problem: { code: 'internal', detail: err.message } as Problem }),
    );
    return () => {
      live = false;
    };
  }, [api, id, version]);

  if (!detail) return <p class="loading">Loading {id}…</p>;
  if ('problem' in detail) {
    return (
      <p class="warn" role="alert">
        {id}: {describeProblem(detail.problem)}
      </p>
    );
  }
  const { batch, provenance, up, down } = detail;
  const nodes = [...new Map([...up.nodes, ...down.nodes].map((n) => [n.id, n])).values()];
  const edges = [...new Map([...up.edges, ...down.edges].map((e) => [`${e.from}>${e.to}>${e.seq}`, e])).values()];
  return (
    <section class="card" aria-labelledby="batch-heading" data-testid="batch-detail">
      <h3 id="batch-heading">Batch {batch.id}</h3>
      <dl class="facts">
        <dt>What it is</dt>
        <dd>
          {batch.material} {batch.form}
          {batch.grade ? `, ${batch.grade}` : ''}
        </dd>
        <dt>Mass</dt>
        <dd data-grams={batch.massG} data-testid="batch-mass">
          {formatMass(batch.massG)}
        </dd>
        <dt>Status</dt>
        <dd data-testid="batch-status">
          {batch.status}
          {batch.transit ? `, to ${batch.transit.to} at ${batch.transit.toSite}` : ''}
        </dd>
        <dt>Custodian</dt>
        <dd data-testid="batch-custodian">
          {batch.custodian} at {batch.site}
        </dd>
        <dt>Recycled</dt>
        <dd>
          {formatMass(provenance.recycledG)} ({formatShare(provenance.shares.recycled)}), home-origin {formatShare(provenance.shares.homeOrigin)}, model{' '}
          {provenance.model}
        </dd>
        <dt>Custody countries</dt>
        <dd>{batch.custodyCountries.join(', ')}</dd>
        <dt>Provenance</dt>
        <dd>{provenance.lineage.length} entries in its lineage</dd>
      </dl>
      <CompositionChart parts={batch.composition} caption={`Composition of ${batch.id}`} />
      <LineageGraph focus={batch.id} nodes={nodes} edges={edges} href={(b) => `#/workspace?batch=${encodeURIComponent(b)}`} />
    </section>
  );
}
