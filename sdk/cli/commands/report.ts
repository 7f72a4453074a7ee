import { clientFor, connection, publicClient, CONNECTION_OPTIONS, problemResult, stringOption, UsageError, type Command } from '../context.js';
import { formatShare } from '../format.js';
import { formatMass } from '../mass.js';

/**
 * Share of `part` in `whole` as a percentage, 0 when there is nothing. Report grams are unbounded
 * integers as strings (SPEC 1): the division is done in BigInt to a millionth, then formatted.
 */
function percent(part: string | bigint, whole: string | bigint): string {
  return formatShare(shareOf(part, whole));
}

/** part / whole to six decimals (truncated, as formatShare truncates), exact for any size. */
function shareOf(part: string | bigint, whole: string | bigint): number {
  const w = BigInt(whole);
  return w > 0n ? Number((BigInt(part) * 1_000_000n) / w) / 1_000_000 : 0;
}

export const reportRetention: Command = {
  name: 'report retention',
  summary: 'Public: how much home-origin scrap stayed at home, was processed at home, exported (by country) or lost',
  usage: 'tally report retention [--material <m>] [--from <YYYY-MM-DD>] [--to <YYYY-MM-DD>] [--json]',
  examples: ['tally report retention --material steel --from 2026-01-01 --to 2026-12-31'],
  details: ['No key needed: the report holds aggregates only. "Stayed at home" is registered minus exported.'],
  options: { url: CONNECTION_OPTIONS.url, material: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  async run(args) {
    const query = Object.fromEntries(['material', 'from', 'to'].flatMap((name) => (stringOption(args, name) ? [[name, stringOption(args, name)!]] : [])));
    const { data: r, error } = await publicClient(args).GET('/v1/reports/retention', { params: { query } });
    if (error) return problemResult(error);
    const stayed = (BigInt(r.registeredG) - BigInt(r.exportedG)).toString();
    const lines = [
      `retention of ${r.homeCountry}-origin recycled ${r.material ?? 'metal'}${r.from || r.to ? ` (${r.from ?? '...'} to ${r.to ?? '...'})` : ''}:`,
      `  registered          ${formatMass(r.registeredG).padStart(14)}`,
      `  stayed at home      ${formatMass(stayed).padStart(14)}  ${percent(stayed, r.registeredG)} stayed at home`,
      `  processed at home   ${formatMass(r.processedAtHomeG).padStart(14)}  ${percent(r.processedAtHomeG, r.registeredG)}`,
      `  exported            ${formatMass(r.exportedG).padStart(14)}  ${percent(r.exportedG, r.registeredG)}  (as scrap ${formatMass(r.exportedAsScrapG)}, after processing ${formatMass(r.exportedAfterProcessingG)})`,
      ...Object.entries(r.exportedByCountry).map(([country, g]) => `    to ${country}            ${formatMass(g).padStart(14)}  ${percent(g, r.registeredG)}`),
      `  lost                ${formatMass(r.lostG).padStart(14)}  ${percent(r.lostG, r.registeredG)}`,
    ];
    return { json: { ...r, stayedAtHomeG: stayed, stayedAtHomeShare: shareOf(stayed, r.registeredG) }, text: lines.join('\n') };
  },
};

export const reportConcentration: Command = {
  name: 'report concentration',
  summary: 'Origin-country shares of what a participant received; flags any country above 60% (for it and auditors)',
  usage: 'tally report concentration [--participant <id>] [--material <m>] [--json]   (default: yourself)',
  examples: ['tally report concentration --material lithium', 'tally report concentration --participant volt-cells --material lithium --as uk-audit --key audit.json'],
  options: { ...CONNECTION_OPTIONS, participant: { type: 'string' }, material: { type: 'string' } },
  async run(args) {
    const participant = stringOption(args, 'participant') ?? connection(args).participant;
    if (!participant) throw new UsageError('name the participant: --participant <id> (or sign as it with --as)');
    const material = stringOption(args, 'material');
    const { data: r, error } = await clientFor(args).GET('/v1/reports/concentration', { params: { query: { participant, ...(material ? { material } : {}) } } });
    if (error) return problemResult(error);
    const lines = [
      `${r.participant} received ${formatMass(r.receivedG)} of ${r.material ?? 'metal'}; by origin country:`,
      ...r.byCountry.map((c) => `  ${c.country}  ${formatMass(c.massG).padStart(14)}  ${formatShare(c.share)}${r.flagged.includes(c.country) ? '  ABOVE 60%' : ''}`),
      r.flagged.length > 0 ? `flagged: ${r.flagged.join(', ')} (more than 60% from one country)` : 'no country above 60%',
    ];
    return { json: r, text: lines.join('\n') };
  },
};

export const reportDependency: Command = {
  name: 'report dependency',
  summary: 'Public: per material, where what home participants received came from and how much was recycled, against the 2035 lines',
  usage: 'tally report dependency [--material <m>] [--json]',
  examples: ['tally report dependency', 'tally report dependency --material lithium'],
  details: ['No key needed: aggregates only. The lines are the UK Critical Minerals Strategy 2035 ones: at most 60% from one country, at least 20% from recycling.'],
  options: { url: CONNECTION_OPTIONS.url, material: { type: 'string' } },
  async run(args) {
    const material = stringOption(args, 'material');
    const { data: r, error } = await publicClient(args).GET('/v1/reports/dependency', { params: { query: material ? { material } : {} } });
    if (error) return problemResult(error);
    const lines = [
      `dependency of ${r.homeCountry} on its supply (lines for ${r.lines.year}: at most ${formatShare(r.lines.maxSingleCountryShare)} from one country, at least ${formatShare(r.lines.minRecycledShare)} recycled)`,
    ];
    for (const m of r.materials) {
      lines.push(
        `${m.material === '_all' ? 'all materials' : m.material}: received ${formatMass(m.receivedG)}, recycled ${formatShare(m.recycledShare)} ${m.meetsRecycledTarget ? '(meets the recycled line)' : '(BELOW the recycled line)'}`,
        ...m.byCountry.map((c) => `  ${c.country}  ${formatMass(c.massG).padStart(14)}  ${formatShare(c.share)}${m.flagged.includes(c.country) ? '  ABOVE the single-country line' : ''}`),
      );
    }
    return { json: r, text: lines.join('\n') };
  },
};
