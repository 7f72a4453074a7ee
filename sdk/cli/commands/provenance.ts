import { clientFor, CONNECTION_OPTIONS, positional, problemResult, type Command } from '../context.js';
import { formatShare } from '../format.js';
import { formatMass } from '../mass.js';

export const provenance: Command = {
  name: 'provenance',
  summary: 'Where a batch came from: recycled and origin figures (SPEC 4), by country and material, and its lineage entries',
  usage: 'tally provenance <batch> [--json]   (--json gives the grams)',
  examples: ['tally provenance cable-6242y-2026-w14'],
  options: { ...CONNECTION_OPTIONS },
  async run(args) {
    const id = positional(args, 'batch', this);
    const { data: p, error } = await clientFor(args).GET('/v1/batches/{id}/provenance', { params: { path: { id } } });
    if (error) return problemResult(error);
    const line = (label: string, grams: number, share: number) => `  ${label.padEnd(15)} ${formatMass(grams).padStart(14)}  ${formatShare(share)}`;
    const lines = [
      `${p.batch}: ${formatMass(p.massG)}, model ${p.model}${p.mixed ? ' (mixed)' : ''}${p.allocated ? ' (allocated)' : ''}`,
      line('recycled', p.recycledG, p.shares.recycled),
      line('post-consumer', p.postConsumerG, p.shares.postConsumer),
      line('pre-consumer', p.preConsumerG, p.shares.preConsumer),
      line('home origin', p.homeOriginG, p.shares.homeOrigin),
      line('home recycled', p.homeRecycledG, p.shares.homeRecycled),
      '  by origin country:',
      ...p.byCountry.map((c) => `    ${c.country}  ${formatMass(c.massG).padStart(14)}  ${formatShare(p.massG > 0 ? c.massG / p.massG : 0)}`),
      `  custody in ${p.custodyCountries.join(', ')}`,
      `  lineage: ${p.lineage.length} entries (${p.lineage.join(', ')})`,
    ];
    return { json: p, text: lines.join('\n') };
  },
};
