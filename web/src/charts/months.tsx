import { formatMass } from '../units.js';

/** One month of the retention report. */
export interface MonthFigures {
  /** `YYYY-MM`. */
  month: string;
  /** Unbounded integers as strings of digits, as the report gives them (SPEC 1). */
  registeredG: string;
  exportedG: string;
  lostG: string;
}

const SERIES = [
  { key: 'registeredG', label: 'registered', tone: 'registered' },
  { key: 'exportedG', label: 'exported', tone: 'exported' },
  { key: 'lostG', label: 'lost', tone: 'lost' },
] as const;

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 8, right: 8, top: 12, bottom: 28 };

/**
 * Grouped columns by month as inline SVG (scales to the width of the page), with the same figures
 * in a table below it for screen readers and for anyone who wants the numbers.
 */
export function MonthsChart({ months, caption }: { months: MonthFigures[]; caption: string }) {
  // Heights are drawn as doubles; the figures themselves stay exact in the table below.
  const max = Math.max(1, ...months.flatMap((m) => SERIES.map((s) => Number(m[s.key]))));
  const band = (WIDTH - PAD.left - PAD.right) / Math.max(1, months.length);
  const bar = Math.max(2, (band - 6) / SERIES.length);
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  return (
    <figure class="months">
      <figcaption>{caption}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${caption}: columns per month; the table below has the figures`}>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} class="axis" />
        {months.map((m, i) => (
          <g>
            {SERIES.map((s, j) => {
              const h = (Number(m[s.key]) / max) * plotHeight;
              return <rect class={`tone-${s.tone}`} x={PAD.left + i * band + 3 + j * bar} y={HEIGHT - PAD.bottom - h} width={bar - 1} height={h} />;
            })}
            <text x={PAD.left + i * band + band / 2} y={HEIGHT - 10} text-anchor="middle" class="tick">
              {m.month.slice(5)}
            </text>
          </g>
        ))}
      </svg>
      <ul class="legend">
        {SERIES.map((s) => (
          <li>
            <span class={`swatch tone-${s.tone}`} aria-hidden="true" /> {s.label}
          </li>
        ))}
      </ul>
      <details>
        <summary>The figures by month</summary>
        <table class="month-table">
          <thead>
            <tr>
              <th scope="col">month</th>
              {SERIES.map((s) => (
                <th scope="col" class="num">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr>
                <th scope="row">{m.month}</th>
                {SERIES.map((s) => (
                  <td class="num">{formatMass(m[s.key])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
