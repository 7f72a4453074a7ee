import { useEffect, useState } from 'preact/hooks';
import { need, publicApi, type Schemas } from '../api.js';
import { BarTable } from '../charts/bars.js';
import { MonthsChart, type MonthFigures } from '../charts/months.js';
import { formatMass } from '../units.js';
import type { ViewProps } from '../main.js';
import { LogStatus } from './log-status.js';
import { Dependency } from './dependency.js';

type Retention = Schemas['RetentionReport'];

/**
 * Materials (and, from protocol 1.1, constituents: `material=cobalt` covers the cobalt in every
 * batch) the dashboard asks the retention report about. The report is public but takes one
 * material per request; rows with nothing registered or exported are not shown.
 */
export const MATERIALS = ['aluminium', 'copper', 'steel', 'lead', 'zinc', 'nickel', 'cobalt', 'lithium', 'manganese', 'platinum', 'palladium'];

/** Home-origin scrap that neither left nor was lost (report grams are unbounded: SPEC 1). */
function stayedG(r: Retention): bigint {
  const stayed = BigInt(r.registeredG) - BigInt(r.exportedG) - BigInt(r.lostG);
  return stayed > 0n ? stayed : 0n;
}

/** Something registered or exported, so the row is worth showing. */
function hasFigures(r: Retention): boolean {
  return BigInt(r.registeredG) > 0n || BigInt(r.exportedG) > 0n;
}

/** The last `count` calendar months up to this one, as `{ month, from, to }` UTC days. */
function recentMonths(count: number, now = new Date()): Array<{ month: string; from: string; to: string }> {
  return Array.from({ length: count }, (_, i) => {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - 1 - i), 1));
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
    const day = (d: Date) => d.toISOString().slice(0, 10);
    return { month: day(start).slice(0, 7), from: day(start), to: day(end) };
  });
}

const retention = (query: { material?: string; from?: string; to?: string }) => need(publicApi.GET('/v1/reports/retention', { params: { query } }));

export function Dashboard({ log }: ViewProps) {
  const [overall, setOverall] = useState<Retention | undefined>();
  const [byMaterial, setByMaterial] = useState<Retention[] | undefined>();
  const [months, setMonths] = useState<MonthFigures[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    retention({}).then(setOverall, (err: Error) => setError(err.message));
    Promise.all(MATERIALS.map((material) => retention({ material }))).then(
      (reports) => setByMaterial(reports.filter(hasFigures)),
      (err: Error) => setError(err.message),
    );
    const spans = recentMonths(12);
    Promise.all(spans.map((s) => retention({ from: s.from, to: s.to }))).then(
      (reports) => setMonths(reports.map((r, i) => ({ month: spans[i]!.month, registeredG: r.registeredG, exportedG: r.exportedG, lostG: r.lostG }))),
      (err: Error) => setError(err.message),
    );
  }, []);

  useEffect(() => {
    if (overall && byMaterial && months) performance.mark('tally:dashboard-complete'); // bench/explorer-load.ts reads it
  }, [overall, byMaterial, months]);

  return (
    <div class="view dashboard">
      <h2 tabIndex={-1}>How much {log.homeCountry} scrap stayed at home</h2>
      <p class="lede">
        Public aggregates of the ledger: recycled metal of {log.homeCountry} origin, registered by recyclers, and what became of it.
        No signature is needed to read them; the log status below is checked in this browser.
      </p>
      {error ? (
        <p class="alarm" role="alert">
          {error}
        </p>
      ) : null}
      <div class="grid">
        <section class="card" aria-labelledby="retention-heading" aria-busy={overall ? 'false' : 'true'}>
          <h3 id="retention-heading">Retention, all time</h3>
          {overall ? <RetentionFigures report={overall} /> : <p class="loading">Loading…</p>}
        </section>
        <section class="card" aria-labelledby="exports-heading">
          <h3 id="exports-heading">Exported, by destination</h3>
          {overall ? (
            <BarTable
              caption={`Home-origin scrap that left ${log.homeCountry}, by destination country`}
              rows={Object.entries(overall.exportedByCountry)
                .sort(([, a], [, b]) => (BigInt(b) > BigInt(a) ? 1 : BigInt(b) < BigInt(a) ? -1 : 0))
                .map(([country, grams]) => ({ label: country, grams, tone: 'exported', testId: `export-${country}` }))}
              empty="nothing exported"
            />
          ) : null}
          {overall ? (
            <BarTable
              caption="Exported as scrap or after processing at home"
              rows={[
                { label: 'as scrap', grams: overall.exportedAsScrapG, tone: 'exported', testId: 'exported-scrap' },
                { label: 'after processing', grams: overall.exportedAfterProcessingG, tone: 'processed', testId: 'exported-processed' },
              ]}
            />
          ) : null}
        </section>
      </div>
      <section class="card" aria-labelledby="materials-heading">
        <h3 id="materials-heading">By material or constituent</h3>
        {byMaterial ? <MaterialsTable reports={byMaterial} /> : <p class="loading">Loading…</p>}
      </section>
      <section class="card" aria-labelledby="months-heading">
        <h3 id="months-heading">Over time</h3>
        {months ? <MonthsChart months={months} caption="Home-origin scrap by month (UTC, by when each event happened)" /> : <p class="loading">Loading…</p>}
      </section>
      <Dependency homeCountry={log.homeCountry} />
      <LogStatus log={log} />
    </div>
  );
}

function RetentionFigures({ report }: { report: Retention }) {
  return (
    <BarTable
      caption="Home-origin recycled metal"
      rows={[
        { label: 'registered', grams: report.registeredG, tone: 'registered', testId: 'registered' },
        { label: 'stayed at home', grams: String(stayedG(report)), tone: 'stayed', note: '(registered − exported − lost)', testId: 'stayed' },
        { label: 'processed at home', grams: report.processedAtHomeG, tone: 'processed', testId: 'processed' },
        { label: 'exported', grams: report.exportedG, tone: 'exported', testId: 'exported' },
        { label: 'lost', grams: report.lostG, tone: 'lost', testId: 'lost' },
      ]}
    />
  );
}

function MaterialsTable({ reports }: { reports: Retention[] }) {
  if (reports.length === 0) return <p class="empty">No home-origin scrap registered yet.</p>;
  return (
    <div class="scroll">
      <table class="materials">
        <caption>Home-origin recycled grams per material</caption>
        <thead>
          <tr>
            <th scope="col">material</th>
            <th scope="col" class="num">registered</th>
            <th scope="col" class="num">stayed</th>
            <th scope="col" class="num">exported</th>
            <th scope="col" class="num">lost</th>
            <th scope="col">share that stayed</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((r) => {
            const stayed = stayedG(r);
            const registered = BigInt(r.registeredG);
            const pct = registered === 0n ? 0 : Number((stayed * 1000n) / registered) / 10;
            return (
              <tr data-testid={`material-${r.material}`}>
                <th scope="row">{r.material}</th>
                <td class="num" data-grams={r.registeredG}>
                  {formatMass(r.registeredG)}
                </td>
                <td class="num" data-grams={String(stayed)}>
                  {formatMass(stayed)}
                </td>
                <td class="num" data-grams={r.exportedG}>
                  {formatMass(r.exportedG)}
                </td>
                <td class="num" data-grams={r.lostG}>
                  {formatMass(r.lostG)}
                </td>
                <td>
                  <span class="bar-track" aria-hidden="true">
                    <span class="bar tone-stayed" style={{ width: `${pct}%` }} />
                  </span>
                  <span class="note">{pct}%</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
