import { appendEvent, EVENT_DETAILS, EVENT_OPTIONS } from '../append.js';
import { CONNECTION_OPTIONS, positional, requiredOption, stringOption, UsageError, type Command } from '../context.js';
import { massFlag } from '../flags.js';
import { formatMass } from '../mass.js';

export const adjust: Command = {
  name: 'adjust',
  summary: 'Correct a batch you hold down to its true mass (a re-weigh, moisture, a weighbridge error)',
  usage: 'tally adjust <batch> --mass <corrected mass> --reason <text> [--corrects <seq>]',
  examples: ['tally adjust cu-birch-0907 --mass 12.38t --reason "re-weighed on the certified bridge" --corrects 14'],
  details: ['The corrected mass must be below the current one; --corrects names the entry whose weight was wrong.', ...EVENT_DETAILS],
  options: { ...CONNECTION_OPTIONS, ...EVENT_OPTIONS, mass: { type: 'string' }, reason: { type: 'string' }, corrects: { type: 'string' } },
  async run(args) {
    const batch = positional(args, 'batch to correct', this);
    const massG = massFlag(requiredOption(args, 'mass', 'the corrected mass, e.g. --mass 12.38t'));
    const reason = requiredOption(args, 'reason');
    const correctsText = stringOption(args, 'corrects');
    if (correctsText !== undefined && !/^[0-9]+$/.test(correctsText)) throw new UsageError(`--corrects "${correctsText}" must be an entry number (seq)`);
    const corrects = correctsText === undefined ? undefined : Number(correctsText);
    return appendEvent(args, 'batch.adjust', { batch, massG, reason, ...(corrects !== undefined ? { corrects } : {}) }, `${batch}: corrected to ${formatMass(massG)} (${reason})`);
  },
};
