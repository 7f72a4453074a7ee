import { formatMass } from '../units.js';

/**
 * Horizontal bars as an HTML table: the numbers are real text (screen readers, copy and paste,
 * the tests), the bar is a styled span whose width is the row's share of the largest row. No
 * chart library: for a handful of categorical rows this is smaller and more accessible than a
 * canvas or a generated SVG.
 */

export interface BarRow {
  label: string;
  grams: number | string;
  /** CSS tone class: `registered`, `stayed`, `exported`, `lost`, `processed`, or a kind. */
  tone?: string;
  /** A short note after the figure (a share, a flag). */
  note?: string;
  /** Names the row for tests and anchors. */
  testId?: string;
}

export function BarTable({ caption, rows, empty = 'nothing recorded yet' }: { caption: string; rows: BarRow[]; empty?: string }) {
  const max = rows.reduce((m, r) => (BigInt(r.grams) > m ? BigInt(r.grams) : m), 0n);
  return (
    <table class="bars">
      <caption>{caption}</caption>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td class="empty" colSpan={2}>
              {empty}
            </td>
          </tr>
        ) : (
          rows.map((row) => {
            const percent = max === 0n ? 0 : Number((BigInt(row.grams) * 10_000n) / max) / 100;
            return (
              <tr key={row.label} data-testid={row.testId}>
                <th scope="row">{row.label}</th>
                <td>
                  <span class="bar-track" aria-hidden="true">
                    <span class={`bar tone-${row.tone ?? 'registered'}`} style={{ width: `${percent}%` }} />
                  </span>
                  <span class="figure" data-grams={String(row.grams)}>
                    {formatMass(row.grams)}
                  </span>
                  {row.note ? <span class="note"> {row.note}</span> : null}
                </td>
              </tr>
            );
          })
        )}
      </tbody>
    </table>
  );
}
