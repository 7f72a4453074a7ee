import { appendEvent, EVENT_DETAILS, EVENT_OPTIONS } from '../append.js';
import { clientFor, CONNECTION_OPTIONS, positional, problemResult, stringOption, UsageError, type Command } from '../context.js';
import { massFlag } from '../flags.js';
import { formatMass } from '../mass.js';

export const receive: Command = {
  name: 'receive',
  summary: 'Take custody of a batch in transit to you, at the mass your weighbridge shows (less than sent = transit loss)',
  usage: 'tally receive <batch> [--mass <m>]   (default: the mass sent)',
  examples: ['tally receive cu-birch-0907', 'tally receive cu-birch-0907 --mass 12.46t'],
  details: EVENT_DETAILS,
  options: { ...CONNECTION_OPTIONS, ...EVENT_OPTIONS, mass: { type: 'string' } },
  async run(args) {
    const batch = positional(args, 'batch in transit to you', this);
    const given = stringOption(args, 'mass');
    const { data, error } = await clientFor(args).GET('/v1/batches/{id}', { params: { path: { id: batch } } });
    if (error) return problemResult(error);
    if (data.status !== 'in-transit' || !data.transit) throw new UsageError(`${batch} is not in transit (it is ${data.status})`);
    const sent = data.transit.massG;
    const massG = given === undefined ? sent : massFlag(given);
    const loss = sent - massG;
    return appendEvent(args, 'batch.receive', { batch, massG }, `${batch}: received ${formatMass(massG)}${loss > 0 ? `, ${formatMass(loss)} lost in transit` : ''}`);
  },
};
