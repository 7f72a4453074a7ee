import { RETIRE_REASONS } from '../../../schemas/events.js';
import { appendEvent, EVENT_DETAILS, EVENT_OPTIONS } from '../append.js';
import { CONNECTION_OPTIONS, positional, requiredOption, stringOption, UsageError, type Command } from '../context.js';
import { massFlag, oneOf } from '../flags.js';
import { formatMass } from '../mass.js';

export const retire: Command = {
  name: 'retire',
  summary: 'End a batch (or part of it): incorporated into a product, lost, or landfilled',
  usage: 'tally retire <batch> --reason <incorporated|lost|landfilled> [--mass <m>] [--sku <sku> --product <name>]',
  examples: ['tally retire cable-6242y-2026-w14 --reason incorporated --sku 6242Y-2.5-100 --product "Twin and earth cable 2.5mm, 100 m"'],
  details: ['Without --mass the whole batch is retired.', ...EVENT_DETAILS],
  options: { ...CONNECTION_OPTIONS, ...EVENT_OPTIONS, reason: { type: 'string' }, mass: { type: 'string' }, sku: { type: 'string' }, product: { type: 'string' } },
  async run(args) {
    const batch = positional(args, 'batch to retire', this);
    const reason = oneOf(requiredOption(args, 'reason'), RETIRE_REASONS, '--reason');
    const massText = stringOption(args, 'mass');
    const sku = stringOption(args, 'sku');
    const name = stringOption(args, 'product');
    if ((sku === undefined) !== (name === undefined)) throw new UsageError('--sku and --product (its name) go together');
    const massG = massText === undefined ? undefined : massFlag(massText);
    return appendEvent(
      args,
      'batch.retire',
      { batch, reason, ...(massG !== undefined ? { massG } : {}), ...(sku && name ? { product: { sku, name } } : {}) },
      `${batch}: ${massG !== undefined ? formatMass(massG) : 'all of it'} retired (${reason}${name ? `, into ${name}` : ''})`,
    );
  },
};
