import { useEffect, useState } from 'preact/hooks';
import { need, publicApi, type Schemas } from '../api.js';
import { formatMass, formatShare } from '../units.js';

type Report = Schemas['DependencyReport'];
type MaterialDependency = Report['materials'][number];

/** The report's entry for every material together (SPEC 6, 1.1: listed last when no material is asked for). */
const ALL = '_all';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ok'; report: Report };

/**
 * National dependency: per material, where what home participants received came from, and how
 * much of it was recycled, against the 60% single-country cap and the 20% recycled floor.
 */
export function Dependency({ homeCountry }: { homeCountry: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    need(publicApi.GET('/v1/reports/dependency')).then(
      (report) => setState({ kind: 'ok', report }),
      (err: Error) => setState({ kind: 'error', message: err.message }),
    );
  }, []);

  return (
    <section class="card" aria-labelledby="dependency-heading">
      <h3 id="dependency-heading">National dependency</h3>
      {state.kind === 'loading' ? <p class="loading">Loading…</p> : null}
      {state.kind === 'error' ? <p class="warn">Could not load the dependency report: {state.message}</p> : null}
      {state.kind === 'ok' ? <Materials report={state.report} homeCountry={homeCountry} /> : null}
    </section>
  );
}

function Materials({ report, homeCountry }: { report: Report; homeCountry: string }) {
  const { lines } = report;
  const materials = report.materials.filter((m) => m.material !== ALL);
  return (
    <>
      <p class="hint">
        What participants in {homeCountry} received from others, by origin country, against the {lines.year} lines of the UK Critical
        Minerals Strategy: no more than {formatShare(lines.maxSingleCountryShare)} from one country, at least{' '}
        {formatShare(lines.minRecycledShare)} from recycling. Material passing through several participants counts at each receipt.
      </p>
      {materials.length === 0 ? <p class="empty">Nothing received yet.</p> : materials.map((m) => <MaterialRow m={m} lines={lines} />)}
    </>
  );
}

function MaterialRow({ m, lines }: { m: MaterialDependency; lines: Report['lines'] }) {
  const top = m.byCountry[0];
  const overCap = m.flagged.length > 0;
  return (
    <div class="dependency" data-testid={`dependency-${m.material}`}>
      <h4>
        {m.material} <span class="note">received {formatMass(m.receivedG)}</span>
      </h4>
      <div class="stack with-line" role="img" aria-label={m.byCountry.map((c) => `${c.country} ${formatShare(c.share)}`).join(', ')}>
        {m.byCountry.map((c) => (
          <span class={`seg ${m.flagged.includes(c.country) ? 'over' : ''}`} style={{ width: `${c.share * 100}%` }} title={`${c.country} ${formatShare(c.share)}`}>
            {c.share > 0.08 ? c.country : ''}
          </span>
        ))}
        <span class="line" style={{ left: `${lines.maxSingleCountryShare * 100}%` }} aria-hidden="true" />
      </div>
      <ul class="verdicts">
        <li class={overCap ? 'alarm-text' : 'ok'} data-testid={`cap-${m.material}`}>
          {overCap ? '✗ above' : '✓ within'} the single-country line: largest {top ? `${top.country} ${formatShare(top.share)}` : 'none'} (line{' '}
          {formatShare(lines.maxSingleCountryShare)})
        </li>
        <li class={m.meetsRecycledTarget ? 'ok' : 'alarm-text'} data-testid={`recycled-${m.material}`}>
          {m.meetsRecycledTarget ? '✓ meets' : '✗ below'} the recycled line: {formatShare(m.recycledShare)}, {formatMass(m.recycledG)} (line{' '}
          {formatShare(lines.minRecycledShare)})
        </li>
      </ul>
    </div>
  );
}
