import { appendEvent, EVENT_DETAILS, EVENT_OPTIONS } from '../append.js';
import { CONNECTION_OPTIONS, positional, requiredOption, type Command } from '../context.js';

export const reject: Command = {
  name: 'reject',
  summary: 'Refuse a batch in transit to you (or, as its sender, recall it); custody stays with the sender',
  usage: 'tally reject <batch> --reason <text>',
  examples: ['tally reject cu-birch-0907 --reason "contaminated with brass"'],
  details: EVENT_DETAILS,
  options: { ...CONNECTION_OPTIONS, ...EVENT_OPTIONS, reason: { type: 'string' } },
  async run(args) {
    const batch = positional(args, 'batch in transit', this);
    const reason = requiredOption(args, 'reason');
    return appendEvent(args, 'batch.reject', { batch, reason }, `${batch}: transfer refused (${reason})`);
  },
};
