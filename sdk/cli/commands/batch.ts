import { CONNECTION_OPTIONS, clientFor, problemResult, UsageError, type Command } from '../context.js';
import { formatShare } from '../format.js';

export const batch: Command = {
  name: 'batch',
  summary: 'Show a batch: state, composition, recycled and origin figures, model',
  usage: 'tally batch <id> --key <keyfile> --as <participant> [--url <server>] [--json]',
  options: { ...CONNECTION_OPTIONS },
  async run(args) {
    const [id] = args.positionals;
    if (!id) throw new UsageError('name the batch: tally batch <id>');
    const api = clientFor(args);
    const { data: provenance, error } = await api.GET('/v1/batches/{id}/provenance', { params: { path: { id } } });
    if (error) return problemResult(error);
    const { data: state, error: stateError } = await api.GET('/v1/batches/{id}', { params: { path: { id } } });
    if (stateError) return problemResult(stateError);
    const kg = (g: number) => `${(g / 1000).toLocaleString('en-GB')} kg`;
    const lines = [
      `${state.id}: ${state.material} ${state.form}, ${kg(state.massG)}, ${state.status}, held by ${state.custodian} at ${state.site}`,
      `  recycled        ${formatShare(provenance.shares.recycled)}  (${kg(provenance.recycledG)}; post-consumer ${kg(provenance.postConsumerG)}, pre-consumer ${kg(provenance.preConsumerG)})`,
      `  home origin     ${formatShare(provenance.shares.homeOrigin)}  home recycled ${formatShare(provenance.shares.homeRecycled)}`,
      `  by country      ${provenance.byCountry.map((c) => `${c.country} ${kg(c.massG)}`).join(', ')}`,
      `  custody in      ${state.custodyCountries.join(', ')}`,
      `  model           ${provenance.model}${state.mixed ? ' (mixed)' : ''}${state.allocated ? ' (allocated)' : ''}`,
      `  lineage         ${provenance.lineage.length} entries`,
    ];
    return { json: { batch: state, provenance }, text: lines.join('\n') };
  },
};
