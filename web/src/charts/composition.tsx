import { formatMass, formatShare } from '../units.js';

/** A composition part (SPEC 4); `material` from protocol 1.1 on (constituents), absent before. */
export interface Part {
  material?: string;
  kind: string;
  country: string;
  massG: number;
}

const KIND_LABEL: Record<string, string> = { primary: 'primary', 'pre-consumer': 'pre-consumer scrap', 'post-consumer': 'post-consumer scrap' };

function partLabel(part: Part, showMaterial: boolean): string {
  return `${showMaterial && part.material ? part.material + ', ' : ''}${KIND_LABEL[part.kind] ?? part.kind}, ${part.country}`;
}

/**
 * A batch's composition as one stacked bar (each part's width its grams over the total) and a
 * table of the parts with exact grams and shares. Parts are shown in the order the ledger sorts
 * them (material, kind, country), coloured by origin kind.
 */
export function CompositionChart({ parts, caption }: { parts: Part[]; caption: string }) {
  const total = parts.reduce((sum, p) => sum + BigInt(p.massG), 0n);
  const showMaterial = parts.some((p) => p.material !== undefined && p.material !== parts[0]?.material);
  const share = (p: Part) => (total === 0n ? 0 : Number((BigInt(p.massG) * 1_000_000n) / total) / 1_000_000);
  return (
    <figure class="composition">
      <figcaption>{caption}</figcaption>
      <div class="stack" aria-hidden="true">
        {parts.map((p) => (
          <span class={`seg kind-${p.kind}`} style={{ width: `${share(p) * 100}%` }} title={partLabel(p, true)}>
            {share(p) > 0.12 ? p.country : ''}
          </span>
        ))}
      </div>
      <div class="scroll">
      <table class="parts">
        <thead>
          <tr>
            {showMaterial ? <th scope="col">material</th> : null}
            <th scope="col">origin</th>
            <th scope="col">country</th>
            <th scope="col" class="num">mass</th>
            <th scope="col" class="num">share</th>
          </tr>
        </thead>
        <tbody>
          {parts.map((p) => (
            <tr>
              {showMaterial ? <td>{p.material}</td> : null}
              <td>
                <span class={`swatch kind-${p.kind}`} aria-hidden="true" /> {KIND_LABEL[p.kind] ?? p.kind}
              </td>
              <td>{p.country}</td>
              <td class="num" data-grams={String(p.massG)}>
                {formatMass(p.massG)}
              </td>
              <td class="num">{formatShare(share(p))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
