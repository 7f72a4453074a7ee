import { appendEvent, EVENT_DETAILS, EVENT_OPTIONS } from '../append.js';
import { CONNECTION_OPTIONS, positional, requiredOption, stringOption, UsageError, type Command } from '../context.js';
import { massFlag } from '../flags.js';
import { formatMass } from '../mass.js';

export const transfer: Command = {
  name: 'transfer',
  summary: 'Send a batch (or part of it, split off under a new id) to another participant; it is in transit until received',
  usage: 'tally transfer <batch> --to <participant> --to-site <site> [--split <new-id> --mass <m>]',
  examples: [
    'tally transfer cu-birch-0907 --to midlands-rod --to-site walsall',
    'tally transfer cu-birch-0907 --to midlands-rod --to-site walsall --split cu-birch-0907-a --mass 4t',
  ],
  details: ['--split sends a new batch of --mass split off the given one; the rest stays with you.', ...EVENT_DETAILS],
  options: { ...CONNECTION_OPTIONS, ...EVENT_OPTIONS, to: { type: 'string' }, 'to-site': { type: 'string' }, split: { type: 'string' }, mass: { type: 'string' } },
  async run(args) {
    const batch = positional(args, 'batch to send', this);
    const to = requiredOption(args, 'to', 'the recipient participant');
    const toSite = requiredOption(args, 'to-site', "one of the recipient's sites (tally participants lists them)");
    const split = splitFlags(stringOption(args, 'split'), stringOption(args, 'mass'));
    const what = split ? `${split.id} (${formatMass(split.massG)} split off ${batch})` : batch;
    return appendEvent(args, 'batch.transfer', { batch, to, toSite, ...(split ? { split } : {}) }, `${what} is in transit to ${to} at ${toSite}`);
  },
};

/** `--split <id> --mass <m>`, both or neither. */
export function splitFlags(id: string | undefined, mass: string | undefined): { id: string; massG: number } | undefined {
  if (id === undefined && mass === undefined) return undefined;
  if (id === undefined || mass === undefined) throw new UsageError('--split <new-id> and --mass <mass> go together (the mass to split off)');
  return { id, massG: massFlag(mass) };
}
