import { useEffect, useState } from 'preact/hooks';
import { formatMass, formatShare } from '../units.js';

/** The UK Critical Minerals Strategy's 2035 lines (SPEC 6, protocol 1.1). */
const SINGLE_COUNTRY_CAP = 0.6;
const RECYCLED_FLOOR = 0.2;

/** One material of `GET /v1/reports/dependency` (SPEC 6, 1.1), as far as this view relies on it. */
interface MaterialDependency {
  material: string;
  receivedG: number;
  recycledG: number;
  recycledShare: number;
  byCountry: Array<{ country: string; massG: number; share: number }>;
}

type State = { kind: 'loading' } | { kind: 'absent' } | { kind: 'error'; message: string } | { kind: 'ok'; materials: MaterialDependency[] };

/**
 * National dependency: per material, where what home participants received came from, and how
 * much of it was recycled, against the 60% single-country cap and the 20% recycled floor.
 */
export function Dependency({ homeCountry }: { homeCountry: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    fetch('/v1/reports/dependency')
      .then(async (res) => {
        if (res.status === 404) return setState({ kind: 'absent' });
        const body = (await res.json()) as { materials?: MaterialDependency[]; detail?: string };
        if (!res.ok || !Array.isArray(body.materials)) return setState({ kind: 'error', message: body.detail ?? `status ${res.status}` });
        setState({ kind: 'ok', materials: body.materials });
      })
      .catch((err: Error) => setState({ kind: 'error', message: err.message }));
  }, []);

  return (
    <section class="card" aria-labelledby="dependency-heading">
      <h3 id="dependency-heading">National dependency</h3>
      <p class="hint">
        What participants in {homeCountry} received, by origin country, against the 2035 lines of the UK Critical Minerals Strategy: no
        more than {SINGLE_COUNTRY_CAP * 100}% from one country, at least {RECYCLED_FLOOR * 100}% from recycling.
      </p>
      {state.kind === 'loading' ? <p class="loading">Loading…</p> : null}
      {state.kind === 'absent' ? <p class="warn">This server does not serve the dependency report (protocol 1.1).</p> : null}
      {state.kind === 'error' ? <p class="warn">Could not load the dependency report: {state.message}</p> : null}
      {state.kind === 'ok' && state.materials.length === 0 ? <p class="empty">Nothing received yet.</p> : null}
      {state.kind === 'ok' ? state.materials.map((m) => <MaterialRow m={m} />) : null}
    </section>
  );
}

function MaterialRow({ m }: { m: MaterialDependency }) {
  const top = [...m.byCountry].sort((a, b) => b.share - a.share)[0];
  const overCap = top !== undefined && top.share > SINGLE_COUNTRY_CAP;
  const underFloor = m.recycledShare < RECYCLED_FLOOR;
  return (
    <div class="dependency" data-testid={`dependency-${m.material}`}>
      <h4>
        {m.material} <span class="note">received {formatMass(m.receivedG)}</span>
      </h4>
      <div class="stack with-line" role="img" aria-label={m.byCountry.map((c) => `${c.country} ${formatShare(c.share)}`).join(', ')}>
        {m.byCountry.map((c) => (
          <span class={`seg ${c.share > SINGLE_COUNTRY_CAP ? 'over' : ''}`} style={{ width: `${c.share * 100}%` }} title={`${c.country} ${formatShare(c.share)}`}>
            {c.share > 0.08 ? c.country : ''}
          </span>
        ))}
        <span class="line" style={{ left: `${SINGLE_COUNTRY_CAP * 100}%` }} aria-hidden="true" />
      </div>
      <ul class="verdicts">
        <li class={overCap ? 'alarm-text' : 'ok'} data-testid={`cap-${m.material}`}>
          {overCap ? '✗' : '✓'} largest single country: {top ? `${top.country} ${formatShare(top.share)}` : 'none'} (line: {SINGLE_COUNTRY_CAP * 100}%)
        </li>
        <li class={underFloor ? 'alarm-text' : 'ok'} data-testid={`recycled-${m.material}`}>
          {underFloor ? '✗' : '✓'} recycled: {formatShare(m.recycledShare)} ({formatMass(m.recycledG)}; line: {RECYCLED_FLOOR * 100}%)
        </li>
      </ul>
    </div>
  );
}
