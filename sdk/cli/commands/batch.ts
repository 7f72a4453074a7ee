import { CONNECTION_OPTIONS, clientFor, positional, problemResult, type Command } from '../context.js';
import { formatShare } from '../format.js';
import { formatMass } from '../mass.js';

export const batch: Command = {
  name: 'batch',
  summary: 'Show a batch: state, composition, recycled and origin figures, model',
  usage: 'tally batch <id> [--json]   (--json gives the grams)',
  examples: ['tally batch cu-rod-8mm-3310'],
  options: { ...CONNECTION_OPTIONS },
  async run(args) {
    const id = positional(args, 'batch', this);
    const api = clientFor(args);
    const { data: provenance, error } = await api.GET('/v1/batches/{id}/provenance', { params: { path: { id } } });
    if (error) return problemResult(error);
    const { data: state, error: stateError } = await api.GET('/v1/batches/{id}', { params: { path: { id } } });
    if (stateError) return problemResult(stateError);
    const lines = [
      `${state.id}: ${state.material} ${state.form}, ${formatMass(state.massG)}, ${state.status}, held by ${state.custodian} at ${state.site}`,
      ...(state.transit ? [`  in transit to    ${state.transit.to} at ${state.transit.toSite} (${formatMass(state.transit.massG)})`] : []),
      `  recycled        ${formatShare(provenance.shares.recycled)}  (${formatMass(provenance.recycledG)}; post-consumer ${formatMass(provenance.postConsumerG)}, pre-consumer ${formatMass(provenance.preConsumerG)})`,
      `  home origin     ${formatShare(provenance.shares.homeOrigin)}  home recycled ${formatShare(provenance.shares.homeRecycled)}`,
      `  by country      ${provenance.byCountry.map((c) => `${c.country} ${formatMass(c.massG)}`).join(', ')}`,
      `  custody in      ${state.custodyCountries.join(', ')}`,
      `  model           ${provenance.model}${state.mixed ? ' (mixed)' : ''}${state.allocated ? ' (allocated)' : ''}`,
      `  lineage         ${provenance.lineage.length} entries`,
    ];
    return { json: { batch: state, provenance }, text: lines.join('\n') };
  },
};
