import type { TallyApi } from '../../sdk/client.js';
import { formatShare } from '../../sdk/cli/format.js';

const kg = (g: number) => `${(g / 1e6).toLocaleString('en-GB', { maximumFractionDigits: 3 })} t`;

export function heading(who: string, what: string): void {
  console.log(`\n━━ ${who} ━━ ${what}`);
}

/** What a buyer sees when it checks claims on a batch it holds (SPEC 6 claims). */
export async function showClaims(api: TallyApi, batch: string, claims: Array<{ kind: string; material?: string; atLeast?: number }>): Promise<void> {
  const { data: p, error } = await api.GET('/v1/batches/{id}/provenance', { params: { path: { id: batch } } });
  if (error) throw new Error(`provenance of ${batch}: ${error.code}`);
  console.log(`  ${batch}: ${kg(p.massG)}; recycled ${kg(p.recycledG)} = ${formatShare(p.shares.recycled)}, UK-origin recycled ${formatShare(p.shares.homeRecycled)}`);
  console.log(`  by origin: ${p.byCountry.map((c) => `${c.country} ${kg(c.massG)}`).join(', ')}; lineage of ${p.lineage.length} entries`);
  const { data, error: claimError } = await api.POST('/v1/claims/verify', { body: { batch, claims: claims as never } });
  if (claimError) throw new Error(`claims on ${batch}: ${claimError.code}`);
  for (const r of data.results) {
    const bound = r.atLeast !== undefined ? ` >= ${formatShare(r.atLeast)}` : '';
    const figure = r.share !== undefined ? ` (actual ${formatShare(r.share)})` : '';
    console.log(`  ${r.holds ? '✔ holds' : '✘ fails'}  ${r.kind}${r.material ? ` ${r.material}` : ''}${bound}${figure}  [${r.model}]`);
  }
}

export async function showRetention(api: TallyApi): Promise<void> {
  for (const material of [undefined, 'steel', 'cobalt'] as const) {
    const { data: r, error } = await api.GET('/v1/reports/retention', { params: { query: material ? { material } : {} } });
    if (error) throw new Error(`retention: ${error.code}`);
    // Report grams are unbounded integers as strings (SPEC 1); a demo's fit a double.
    const n = (grams: string) => Number(BigInt(grams));
    const abroad = Object.entries(r.exportedByCountry).map(([cc, g]) => `${cc} ${kg(n(g))}`).join(', ') || 'none';
    console.log(`  ${material ?? 'all metals'}: UK-origin scrap registered ${kg(n(r.registeredG))}; processed in the UK ${kg(n(r.processedAtHomeG))}; exported ${kg(n(r.exportedG))} (${abroad}; as scrap ${kg(n(r.exportedAsScrapG))}, after processing ${kg(n(r.exportedAfterProcessingG))}); lost ${kg(n(r.lostG))}`);
    if (n(r.registeredG) > 0) console.log(`  → ${formatShare((n(r.registeredG) - n(r.exportedG)) / n(r.registeredG))} of registered UK scrap stayed in the country`);
  }
}

export async function showConcentration(api: TallyApi, participant: string, material: string): Promise<void> {
  const { data: r, error } = await api.GET('/v1/reports/concentration', { params: { query: { participant, material } } });
  if (error) throw new Error(`concentration: ${error.code}`);
  console.log(`  ${participant} received ${kg(Number(BigInt(r.receivedG)))} of ${material}: ${r.byCountry.map((c) => `${c.country} ${formatShare(c.share)}`).join(', ')}`);
  console.log(r.flagged.length ? `  ⚠ above the 60% single-country line: ${r.flagged.join(', ')}` : '  no country above 60%');
}

/** A batch's constituents, each with its recycled share (SPEC 4.1 `byMaterial`). */
export async function showConstituents(api: TallyApi, batch: string): Promise<void> {
  const { data: p, error } = await api.GET('/v1/batches/{id}/provenance', { params: { path: { id: batch } } });
  if (error) throw new Error(`provenance of ${batch}: ${error.code}`);
  const parts = p.byMaterial.map((m) => `${m.material} ${kg(m.massG)}${m.material === 'other' ? '' : ` (${formatShare(m.massG > 0 ? m.recycledG / m.massG : 0)} recycled)`}`);
  console.log(`  ${batch}: ${kg(p.massG)} = ${parts.join(', ')}`);
}

/** The EU Battery Regulation Article 8 lines of a battery batch, as its maker would report them. */
export async function showBatteryContent(api: TallyApi, batch: string): Promise<void> {
  const { data: r, error } = await api.GET('/v1/batches/{id}/battery-recycled-content', { params: { path: { id: batch } } });
  if (error) throw new Error(`battery content of ${batch}: ${error.code}`);
  for (const line of r.lines) {
    console.log(`  ${line.holds ? '✔ meets' : '✘ misses'}  ${line.year} ${line.material}: ${formatShare(line.share)} recycled, line ${formatShare(line.target)}  [${line.model}]`);
  }
  if (r.absent.length > 0) console.log(`  (no line for ${r.absent.join(', ')}: the cells hold none)`);
}
